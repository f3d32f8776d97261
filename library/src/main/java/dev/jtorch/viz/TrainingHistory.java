package dev.jtorch.viz;

import dev.jtorch.Tensor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Records loss and metrics while a model trains and draws them as a live chart: in a
 * notebook one chart under the cell that redraws in place as values arrive.
 *
 * <pre>{@code
 * var history = new TrainingHistory();          // shows itself at the first log
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     for (var batch : trainLoader) {
 *         ...
 *         history.log("loss", loss.item());     // one point per step
 *     }
 *     history.logEpoch("val_loss", validationLoss);   // one point at the end of the epoch
 * }
 * history.close();                              // final redraw (the kernel also does it when the cell ends)
 * }</pre>
 *
 * <p><b>Showing.</b> The first {@code log} shows the chart through {@link Display} unless
 * {@link #autoShow(boolean) autoShow(false)} was set; {@link #show()} shows it explicitly
 * (again, as a new output, if called later). Later logs redraw it in place, at most four
 * times a second and less often when drawing is slow, so that logging costs next to
 * nothing on the training loop; {@link #close()} (or the kernel, when the cell ends) draws
 * the last values. Logging to it again in a later cell (a few more epochs) shows the whole
 * history again under that cell. Outside a notebook the chart is a PNG file, rewritten on
 * every redraw; call {@link #close()} at the end so that it holds the last values.
 *
 * <p><b>Series and panels.</b> Each name is a series. Series share one chart, except that a
 * name with a slash, {@code "panel/series"}, goes to its own panel: {@code "loss/train"}
 * and {@code "loss/val"} are drawn together on the panel "loss", {@code "accuracy/train"}
 * on the panel "accuracy", side by side.
 *
 * <p><b>Steps.</b> {@code log(name, value)} puts the value at the series' next step
 * (1, 2, 3, ...); {@code log(name, step, value)} at a step of your choosing.
 * {@code logEpoch(name, value)} puts it at the last step logged so far by any per-step
 * series, so that a validation loss lines up with the end of its epoch on the training
 * curve; when nothing is logged per step the x axis counts epochs.
 *
 * <p><b>Smoothing.</b> Per-step series are drawn raw as a faint line and smoothed by an
 * exponential moving average as a solid line, like TensorBoard (weight 0.6 by default;
 * {@link #smoothing(double) smoothing(0)} draws the raw line only). Epoch series are drawn
 * raw with markers.
 */
public final class TrainingHistory implements AutoCloseable, LiveOutput {

    /** Lines longer than this are thinned for drawing (every k-th point), never in the data. */
    static final int MAX_POINTS_DRAWN = 2000;
    private static final int PANEL_WIDTH = 520;
    private static final int PANEL_HEIGHT = 380;
    private static final int PANELS_PER_ROW = 3;

    private final Map<String, Series> series = new LinkedHashMap<>();
    private final Throttle throttle;
    private double smoothing = 0.6;
    private boolean logScale;
    private boolean autoShow = true;
    private String title = "";
    private String displayId;
    private boolean dirty;
    private boolean drawingFailed;
    private boolean shownBefore;   // shown in an earlier cell: show again when logged to

    /** An empty history; it shows itself in the notebook at the first {@code log}. */
    public TrainingHistory() {
        this(System::nanoTime);
    }

    /** A history whose redraws are timed by {@code nanoClock} (tests inject a fake clock). */
    TrainingHistory(LongSupplier nanoClock) {
        this.throttle = new Throttle(nanoClock, Throttle.DEFAULT_INTERVAL_NANOS);
    }

    // ---------------------------------------------------------------- options

    /**
     * Sets the weight of the exponential moving average drawn over per-step series, in
     * [0, 1): 0 draws the raw values only, 0.9 smooths strongly. Default 0.6.
     */
    public synchronized TrainingHistory smoothing(double weight) {
        if (!(weight >= 0 && weight < 1)) {
            throw new IllegalArgumentException("TrainingHistory.smoothing: weight must be in [0, 1), got " + weight
                    + " (0 = no smoothing, 0.6 = TensorBoard's default, 0.9 = strong)");
        }
        this.smoothing = weight;
        dirty = true;
        return this;
    }

    /** Draws the y axis on a log scale (values that are zero or negative are then left out). */
    public synchronized TrainingHistory logScale(boolean on) {
        this.logScale = on;
        dirty = true;
        return this;
    }

    /** Sets the chart's title (none by default). */
    public synchronized TrainingHistory title(String title) {
        this.title = title == null ? "" : title;
        dirty = true;
        return this;
    }

    /** Whether the first {@code log} shows the chart (default true). */
    public synchronized TrainingHistory autoShow(boolean on) {
        this.autoShow = on;
        return this;
    }

    // ---------------------------------------------------------------- logging

    /** Records {@code value} for {@code name} at that series' next step (1, 2, 3, ...). */
    public synchronized void log(String name, double value) {
        Series s = series(name, false);
        s.add(s.size == 0 ? 1 : s.lastStep() + 1, value);
        changed();
    }

    /** Records a one-element tensor (a loss) for {@code name} at that series' next step: {@code log("loss", loss)}. */
    public void log(String name, Tensor value) {
        log(name, scalar("log", name, value));
    }

    /** Records {@code value} for {@code name} at {@code step}. */
    public synchronized void log(String name, long step, double value) {
        series(name, false).add(step, value);
        changed();
    }

    /**
     * Records an epoch-level value (a validation loss, an accuracy): drawn with markers, at
     * the last step logged by the per-step series, or at the epoch number (1, 2, ...) when
     * there are none.
     */
    public synchronized void logEpoch(String name, double value) {
        Series s = series(name, true);
        double lastStep = 0;
        boolean anyPerStep = false;
        for (Series other : series.values()) {
            if (!other.perEpoch && other.size > 0) {
                anyPerStep = true;
                lastStep = Math.max(lastStep, other.lastStep());
            }
        }
        s.add(anyPerStep ? lastStep : s.size + 1, value);
        changed();
    }

    /** Records a one-element tensor as an epoch-level value. */
    public void logEpoch(String name, Tensor value) {
        logEpoch(name, scalar("logEpoch", name, value));
    }

    static double scalar(String op, String name, Tensor value) {
        if (value == null || value.numel() != 1) {
            throw new IllegalArgumentException(op + "(\"" + name + "\", ...): expected one value, such as a loss, but got "
                    + (value == null ? "null" : "a tensor of shape " + Arrays.toString(value.shape()))
                    + "; reduce it first, e.g. with .mean()");
        }
        return value.item();
    }

    private Series series(String name, boolean perEpoch) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("TrainingHistory.log: the series needs a name, e.g. log(\"loss\", value)");
        }
        Series s = series.get(name);
        if (s == null) {
            s = new Series(name, perEpoch, colorFor(name));
            series.put(name, s);
        } else if (s.perEpoch != perEpoch) {
            throw new IllegalArgumentException("TrainingHistory: series '" + name + "' was logged "
                    + (s.perEpoch ? "with logEpoch; keep using logEpoch" : "per step with log; keep using log")
                    + " for it, or give the other values another name");
        }
        return s;
    }

    /** Series that share a label ("train" in "loss/train" and "accuracy/train") share a colour. */
    private int colorFor(String name) {
        String label = name.substring(name.indexOf('/') + 1);
        List<String> labels = new ArrayList<>();
        for (Series s : series.values()) {
            String other = s.name.substring(s.name.indexOf('/') + 1);
            if (other.equals(label)) {
                return s.colorIndex;
            }
            if (!labels.contains(other)) {
                labels.add(other);
            }
        }
        return labels.size();
    }

    private void changed() {
        dirty = true;
        if (drawingFailed) {
            return;
        }
        if (displayId == null) {
            if (autoShow || shownBefore) {
                try {
                    show();
                } catch (RuntimeException e) {
                    stopDrawing(e);
                }
            }
            return;
        }
        long now = throttle.now();
        if (throttle.due(now)) {
            redraw(now);
        }
    }

    /**
     * A chart that cannot be drawn (no fonts, a closed notebook) must not stop the training
     * that logs to it: say so once and keep recording; {@link #show()} tries again.
     */
    private void stopDrawing(RuntimeException e) {
        drawingFailed = true;
        System.err.println("TrainingHistory: could not draw the chart, so it stops redrawing; the values are still "
                + "recorded (show() tries again, values(name) reads them). Cause: " + e.getMessage());
    }

    // ---------------------------------------------------------------- display

    /**
     * Shows the chart as a new output (under a fresh display id) and redraws it there from
     * now on. Returns this history.
     */
    public synchronized TrainingHistory show() {
        drawingFailed = false;
        displayId = Display.newId();
        long start = throttle.now();
        Display.show(view(), displayId);
        throttle.drew(start);
        dirty = false;
        Display.register(this);
        return this;
    }

    /** Draws the values not drawn yet, if the chart is shown. */
    @Override
    public synchronized void flush() {
        if (dirty && displayId != null && !drawingFailed) {
            redraw(throttle.now());
        }
    }

    /** Draws what is pending; a later log shows the chart again, under the cell running then. */
    @Override
    public synchronized void cellFinished() {
        flush();
        if (displayId != null) {
            displayId = null;
            shownBefore = true;
        }
    }

    /** The final redraw: the chart then shows every value logged. Same as {@link #close()}. */
    public void finish() {
        flush();
    }

    /** Draws the values not drawn yet; the history can still be read and logged to. */
    @Override
    public synchronized void close() {
        flush();
    }

    private void redraw(long start) {
        try {
            Display.update(displayId, view());
        } catch (RuntimeException e) {
            stopDrawing(e);
            return;
        }
        throttle.drew(start);
        dirty = false;
        Display.register(this);
    }

    /** What is shown: a chart (one panel), an image (several panels), or a note while empty. */
    private Object view() {
        if (isEmpty()) {
            return new Placeholder("TrainingHistory: no values logged yet");
        }
        List<String> panels = panels();
        return panels.size() == 1 ? plot() : image();
    }

    private record Placeholder(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    // ---------------------------------------------------------------- charts

    /**
     * The chart of every series. With panels ({@code "loss/train"} names), this puts them all
     * on one chart under their full names; {@link #plot(String)} draws one panel and
     * {@link #image()} all panels side by side.
     */
    public synchronized XYChart plot() {
        List<String> panels = panels();
        boolean onePanel = panels.size() <= 1;
        String panelName = onePanel && !panels.isEmpty() ? panels.get(0) : "";
        String chartTitle = !title.isEmpty() ? title : panelName;
        return chart(new ArrayList<>(series.values()), chartTitle, !onePanel, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    }

    /** The chart of one panel: the series named {@code panel + "/..."} (or, for "", those without a slash). */
    public synchronized XYChart plot(String panel) {
        List<Series> members = new ArrayList<>();
        for (Series s : series.values()) {
            if (s.panel().equals(panel)) {
                members.add(s);
            }
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("TrainingHistory.plot: no panel named '" + panel + "'; panels: " + panels());
        }
        return chart(members, panelTitle(panel), false, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    }

    /** A panel's title: its name, after the chart's title when there is one ("Training: loss"). */
    private String panelTitle(String panel) {
        return title.isEmpty() ? panel : panel.isEmpty() ? title : title + ": " + panel;
    }

    /** Every panel drawn side by side (three to a row) in one image. */
    public synchronized BufferedImage image() {
        List<String> panels = panels();
        if (panels.isEmpty()) {
            throw new IllegalStateException("TrainingHistory.image: nothing logged yet");
        }
        if (panels.size() == 1) {
            return Charts.toImage(plot());
        }
        int columns = Math.min(PANELS_PER_ROW, panels.size());
        int rows = (panels.size() + columns - 1) / columns;
        BufferedImage out = new BufferedImage(columns * PANEL_WIDTH, rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            String panel = panels.get(i);
            List<Series> members = new ArrayList<>();
            for (Series s : series.values()) {
                if (s.panel().equals(panel)) {
                    members.add(s);
                }
            }
            XYChart chart = chart(members, panelTitle(panel), false, PANEL_WIDTH, PANEL_HEIGHT);
            g.drawImage(Charts.toImage(chart), (i % columns) * PANEL_WIDTH, (i / columns) * PANEL_HEIGHT, null);
        }
        g.dispose();
        return out;
    }

    /** Writes what {@link #show()} shows as a PNG file. */
    public synchronized void savePng(Path path) {
        if (isEmpty()) {
            throw new IllegalStateException("TrainingHistory.savePng: nothing logged yet, so there is no chart to save");
        }
        if (panels().size() == 1) {
            Charts.savePng(plot(), path);
        } else {
            Charts.savePng(image(), path);
        }
    }

    /** Writes what {@link #show()} shows as a PNG file. */
    public void savePng(String path) {
        savePng(Path.of(path));
    }

    private XYChart chart(List<Series> members, String chartTitle, boolean fullNames, int width, int height) {
        boolean anyPerStep = members.stream().anyMatch(s -> !s.perEpoch);
        boolean anyPerStepAnywhere = series.values().stream().anyMatch(s -> !s.perEpoch);
        // A lone series names the y axis in full ("loss/train"), so a panel never reads just "train".
        String yTitle = members.size() == 1 ? members.get(0).name : "";
        XYChart chart = ChartStyle.xyChart(chartTitle, anyPerStepAnywhere ? "step" : "epoch", yTitle, width, height);
        chart.getStyler().setYAxisLogarithmic(logScale);
        double[] yRange = yRange(members);
        if (logScale && powersOfTenWithin(yRange) < 2) {
            // a log axis labels only powers of ten: values within one decade would have one label or none
            chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
        }
        chart.getStyler().setLegendVisible(members.size() > 1 || smoothing > 0 && anyPerStep);
        chart.getStyler().setXAxisDecimalPattern("#,##0.##");
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        for (Series s : members) {
            addSeries(chart, s, label(s, fullNames));
            for (int i = 0; i < s.size; i++) {
                xMin = Math.min(xMin, s.steps[i]);
                xMax = Math.max(xMax, s.steps[i]);
            }
        }
        ChartStyle.roundXTicks(chart, xMin, xMax);
        widenFlatYAxis(chart, members, yRange);
        return chart;
    }

    /** The least and greatest value that can be drawn (finite, and positive on a log scale); min > max when none. */
    private double[] yRange(List<Series> members) {
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : members) {
            for (int i = 0; i < s.size; i++) {
                double v = s.values[i];
                if (Double.isFinite(v) && (!logScale || v > 0)) {
                    yMin = Math.min(yMin, v);
                    yMax = Math.max(yMax, v);
                }
            }
        }
        return new double[]{yMin, yMax};
    }

    /** How many powers of ten lie in the positive range {@code [min, max]}. */
    private static int powersOfTenWithin(double[] range) {
        if (!(range[0] > 0 && range[0] <= range[1])) {
            return 0;
        }
        return (int) Math.max(0, Math.floor(Math.log10(range[1])) - Math.ceil(Math.log10(range[0])) + 1);
    }

    /**
     * All values equal (the first epoch's accuracy, a constant): XChart would draw a single
     * tick labelled with every digit of the value; a range around it gives readable ticks.
     */
    private void widenFlatYAxis(XYChart chart, List<Series> members, double[] yRange) {
        double yMin = yRange[0];
        double yMax = yRange[1];
        if (yMin != yMax) {
            return;   // a range already, or nothing drawable
        }
        // Round bounds a little apart, with the value off their midpoint: XChart labels a few
        // evenly spaced values as they are, and ignores axis bounds when all values are equal.
        double unit = yMin == 0 ? 1 : Math.pow(10, Math.floor(Math.log10(Math.abs(yMin))) - 1);
        double low = logScale ? yMin / 10 : (Math.floor(yMin / unit) - 1) * unit;   // a log axis labels decades
        double high = logScale ? yMin * 10 : low + 4 * unit;
        double x = members.stream().filter(s -> s.size > 0).findFirst().map(s -> s.steps[0]).orElse(1.0);
        XYSeries range = chart.addSeries("  ", new double[]{x, x}, new double[]{low, high});
        range.setShowInLegend(false);
        range.setMarker(SeriesMarkers.NONE);
        range.setLineStyle(SeriesLines.NONE);
    }

    private static String label(Series s, boolean fullName) {
        int slash = s.name.indexOf('/');
        return fullName || slash < 0 ? s.name : s.name.substring(slash + 1);
    }

    private void addSeries(XYChart chart, Series s, String label) {
        Color color = ChartStyle.color(s.colorIndex);
        double[] values = Arrays.copyOf(s.values, s.size);
        double[] steps = Arrays.copyOf(s.steps, s.size);
        if (s.perEpoch || smoothing == 0) {
            addLine(chart, label, steps, values, color, 2f, s.perEpoch, true);
            return;
        }
        addLine(chart, label + " (raw)", steps, values, ChartStyle.faint(color, 70), 1f, false, false);
        addLine(chart, label, steps, ema(values, values.length, smoothing), color, 2f, false, true);
    }

    private void addLine(XYChart chart, String label, double[] steps, double[] values, Color color,
            float width, boolean markers, boolean inLegend) {
        double[][] xy = drawable(steps, values);
        if (xy[0].length == 0) {
            return;   // nothing drawable (e.g. only non-positive values on a log scale)
        }
        XYSeries line = chart.addSeries(label, xy[0], xy[1]);
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setLineColor(color);
        line.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        // A lone point is no line: draw it as a marker so that the first value is visible.
        line.setMarker(markers || xy[0].length == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        line.setMarkerColor(color);
        line.setShowInLegend(inLegend);
    }

    /** Finite (and, on a log scale, positive) points, thinned to at most MAX_POINTS_DRAWN. */
    private double[][] drawable(double[] steps, double[] values) {
        int n = values.length;
        int stride = Math.max(1, (n + MAX_POINTS_DRAWN - 1) / MAX_POINTS_DRAWN);
        double[] xs = new double[n / stride + 2];
        double[] ys = new double[xs.length];
        int count = 0;
        for (int i = 0; i < n; i++) {
            boolean sampled = i % stride == 0 || i == n - 1;
            double v = values[i];
            if (sampled && Double.isFinite(v) && (!logScale || v > 0)) {
                xs[count] = steps[i];
                ys[count] = v;
                count++;
            }
        }
        return new double[][]{Arrays.copyOf(xs, count), Arrays.copyOf(ys, count)};
    }

    /**
     * The exponential moving average TensorBoard draws: {@code m = w*m + (1-w)*v}, divided by
     * {@code 1 - w^k} after k values so that the start is not pulled towards 0. NaN and
     * infinite values are passed through and do not enter the average.
     */
    static double[] ema(double[] values, int n, double weight) {
        double[] out = new double[n];
        double average = 0;
        int counted = 0;
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                out[i] = v;
                continue;
            }
            average = weight * average + (1 - weight) * v;
            counted++;
            out[i] = average / (1 - Math.pow(weight, counted));
        }
        return out;
    }

    // ---------------------------------------------------------------- reading

    /** The values logged for {@code name}, in order (a copy). */
    public synchronized double[] values(String name) {
        Series s = existing(name);
        return Arrays.copyOf(s.values, s.size);
    }

    /** The steps at which {@code name}'s values were logged (a copy). */
    public synchronized double[] steps(String name) {
        Series s = existing(name);
        return Arrays.copyOf(s.steps, s.size);
    }

    /** {@code name}'s values smoothed as drawn (the moving average of {@link #smoothing(double)}). */
    public synchronized double[] smoothed(String name) {
        Series s = existing(name);
        return ema(s.values, s.size, smoothing);
    }

    /** The last value logged for {@code name}. */
    public synchronized double last(String name) {
        Series s = existing(name);
        if (s.size == 0) {
            throw new IllegalStateException("TrainingHistory.last: series '" + name + "' is empty");
        }
        return s.values[s.size - 1];
    }

    /** The names of the series, in the order they were first logged. */
    public synchronized List<String> names() {
        return List.copyOf(series.keySet());
    }

    /** Whether nothing has been logged yet. */
    public synchronized boolean isEmpty() {
        return series.values().stream().allMatch(s -> s.size == 0);
    }

    private Series existing(String name) {
        Series s = series.get(name);
        if (s == null) {
            throw new IllegalArgumentException("TrainingHistory: no series named '" + name + "'; logged so far: "
                    + series.keySet());
        }
        return s;
    }

    private List<String> panels() {
        List<String> panels = new ArrayList<>();
        for (Series s : series.values()) {
            if (s.size > 0 && !panels.contains(s.panel())) {
                panels.add(s.panel());
            }
        }
        return panels;
    }

    /** One line per series: count, last value, best (lowest) value and where. */
    @Override
    public synchronized String toString() {
        if (series.isEmpty()) {
            return "TrainingHistory(empty)";
        }
        StringBuilder out = new StringBuilder("TrainingHistory(");
        int width = series.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Series s : series.values()) {
            out.append("\n  ").append(String.format(Locale.ROOT, "%-" + width + "s  ", s.name));
            if (s.size == 0) {
                out.append("empty");
                continue;
            }
            int best = -1;
            for (int i = 0; i < s.size; i++) {
                if (!Double.isNaN(s.values[i]) && (best < 0 || s.values[i] < s.values[best])) {
                    best = i;
                }
            }
            String at = s.perEpoch ? "epoch " + s.size : "step " + step(s.steps[s.size - 1]);
            out.append(String.format(Locale.ROOT, "%d %s, last %s (%s)", s.size,
                    s.perEpoch ? (s.size == 1 ? "epoch" : "epochs") : (s.size == 1 ? "step" : "steps"),
                    Numbers.significant(s.values[s.size - 1], 4), at));
            if (best >= 0) {
                String bestAt = s.perEpoch ? "epoch " + (best + 1) : "step " + step(s.steps[best]);
                out.append(", min ").append(Numbers.significant(s.values[best], 4)).append(" (").append(bestAt).append(')');
            }
        }
        return out.append("\n)").toString();
    }

    private static String step(double step) {
        return step == Math.rint(step) ? Long.toString((long) step) : Double.toString(step);
    }

    /** One named series: growable arrays of steps and values. */
    private static final class Series {
        final String name;
        final boolean perEpoch;
        final int colorIndex;
        double[] steps = new double[64];
        double[] values = new double[64];
        int size;

        Series(String name, boolean perEpoch, int colorIndex) {
            this.name = name;
            this.perEpoch = perEpoch;
            this.colorIndex = colorIndex;
        }

        void add(double step, double value) {
            if (size == values.length) {
                steps = Arrays.copyOf(steps, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            steps[size] = step;
            values[size] = value;
            size++;
        }

        double lastStep() {
            return steps[size - 1];
        }

        String panel() {
            int slash = name.indexOf('/');
            return slash < 0 ? "" : name.substring(0, slash);
        }
    }
}
