package dev.jtorch.viz;

import dev.jtorch.DType;
import dev.jtorch.NoGrad;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts a tutorial needs, from tensors: lines, scatter plots of labelled points, a
 * classifier's decision boundary, a grid of images, a confusion matrix, a histogram, bars. Each
 * returns an XChart chart or an image, which a notebook shows when it is a cell's value (or
 * through {@link Display#show(Object)}).
 *
 * <pre>{@code
 * Plots.line(linspace(-3, 3, 100), tanh(linspace(-3, 3, 100)))
 * Plots.scatter(x, y)                                  // x [N, 2], y [N] class labels
 * Plots.decisionBoundary(model::forward, x, y)
 * Plots.images(batch.input().narrow(0, 0, 32), batch.target().narrow(0, 0, 32))
 * Plots.confusionMatrix(labels, model.forward(inputs))
 * Plots.histogram(model.fc1.weight)
 * Plots.bar(classNames, softmax(model.forward(x), 1).select(0, 0))
 * }</pre>
 */
public final class Plots {

    private static final int GRID_COLUMNS = 160;   // decision boundary resolution
    private static final int GRID_ROWS = 100;
    private static final int DEFAULT_BINS = 40;

    private Plots() {
    }

    // ---------------------------------------------------------------- titles

    /** Sets {@code chart}'s title and returns the chart: {@code Plots.titled(Plots.line(y), "loss")}. */
    public static <C extends Chart<?, ?>> C titled(C chart, String title) {
        chart.setTitle(title);
        chart.getStyler().setChartTitleVisible(title != null && !title.isEmpty());
        return chart;
    }

    /** Sets the axis titles of {@code chart} and returns it. */
    public static XYChart axisTitles(XYChart chart, String xTitle, String yTitle) {
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        return chart;
    }

    // ---------------------------------------------------------------- lines

    /** A line of {@code y} (1-D) against its index 0, 1, 2, ... */
    public static XYChart line(Tensor y) {
        double[] ys = vector("Plots.line", "y", y);
        return line(indices(ys.length), ys);
    }

    /** A line of {@code y} against {@code x} (both 1-D, same length). */
    public static XYChart line(Tensor x, Tensor y) {
        return line(vector("Plots.line", "x", x), vector("Plots.line", "y", y));
    }

    /** A line of {@code y} against its index 0, 1, 2, ... */
    public static XYChart line(double[] y) {
        return line(indices(y.length), y);
    }

    /** A line of {@code y} against {@code x}. */
    public static XYChart line(double[] x, double[] y) {
        return lines(x, Map.of("y", y), false);
    }

    /**
     * Several lines over the same {@code x}, named by the map's keys (keep the order with a
     * {@code LinkedHashMap}): {@code Plots.lines(x, Map.of("relu", relu(x), "tanh", tanh(x)))}.
     */
    public static XYChart lines(Tensor x, Map<String, Tensor> ys) {
        double[] xs = vector("Plots.lines", "x", x);
        Map<String, double[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : ys.entrySet()) {
            values.put(entry.getKey(), vector("Plots.lines", entry.getKey(), entry.getValue()));
        }
        return lines(xs, values, true);
    }

    private static XYChart lines(double[] x, Map<String, double[]> ys, boolean legend) {
        XYChart chart = ChartStyle.xyChart("", "x", legend ? "" : "y");
        chart.getStyler().setLegendVisible(legend);
        int index = 0;
        for (Map.Entry<String, double[]> entry : ys.entrySet()) {
            double[] y = entry.getValue();
            if (y.length != x.length) {
                throw new IllegalArgumentException("Plots.line: x has " + x.length + " values but " + entry.getKey()
                        + " has " + y.length + "; they must have the same length");
            }
            XYSeries series = chart.addSeries(entry.getKey(), x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            series.setMarker(x.length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            Color color = ChartStyle.color(index++);
            series.setLineColor(color);
            series.setMarkerColor(color);
            series.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        ChartStyle.roundXTicks(chart, min(x), max(x));
        return chart;
    }

    // ---------------------------------------------------------------- scatter

    /** The points {@code [N, 2]} as a scatter plot. */
    public static XYChart scatter(Tensor points) {
        double[][] xy = points2d("Plots.scatter", points);
        XYChart chart = ChartStyle.xyChart("", "x1", "x2");
        chart.getStyler().setLegendVisible(false);
        addPoints(chart, "points", xy[0], xy[1], ChartStyle.color(0));
        return chart;
    }

    /** The points {@code [N, 2]} coloured by their class {@code labels [N]} (integers 0, 1, ...). */
    public static XYChart scatter(Tensor points, Tensor labels) {
        double[][] xy = points2d("Plots.scatter", points);
        long[] classes = labels("Plots.scatter", labels, xy[0].length);
        XYChart chart = ChartStyle.xyChart("", "x1", "x2");
        addClasses(chart, xy, classes);
        return chart;
    }

    private static void addClasses(XYChart chart, double[][] xy, long[] classes) {
        for (long c : new TreeSet<>(Arrays.stream(classes).boxed().toList())) {
            int n = 0;
            for (long label : classes) {
                n += label == c ? 1 : 0;
            }
            double[] xs = new double[n];
            double[] ys = new double[n];
            for (int i = 0, j = 0; i < classes.length; i++) {
                if (classes[i] == c) {
                    xs[j] = xy[0][i];
                    ys[j++] = xy[1][i];
                }
            }
            addPoints(chart, "class " + c, xs, ys, ChartStyle.color((int) c));
        }
    }

    private static XYSeries addPoints(XYChart chart, String name, double[] xs, double[] ys, Color color) {
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(new PointMarker());
        series.setMarkerColor(color);
        return series;
    }

    // ---------------------------------------------------------------- decision boundary

    /**
     * A classifier's decision regions over the plane, shaded by predicted class, with the
     * points {@code [N, 2]} coloured by their {@code labels [N]} on top.
     *
     * <p>{@code model} maps a batch of points {@code [G, 2]} to scores {@code [G, C]} (the
     * class is the argmax) or to one column {@code [G, 1]} / {@code [G]} (class 1 where it is
     * at least 0.5 if every value lies in [0, 1], as probabilities do, else where it is
     * above 0, as logits are). It runs under {@code noGrad}, on a 160 x 100 grid that spans
     * the points with a margin of 10%.
     *
     * <pre>{@code
     * Plots.decisionBoundary(model::forward, xTrain, yTrain)
     * }</pre>
     */
    public static XYChart decisionBoundary(Function<Tensor, Tensor> model, Tensor points, Tensor labels) {
        Objects.requireNonNull(model, "Plots.decisionBoundary: model");
        double[][] xy = points2d("Plots.decisionBoundary", points);
        long[] classes = labels("Plots.decisionBoundary", labels, xy[0].length);
        double[] xRange = paddedRange(xy[0]);
        double[] yRange = paddedRange(xy[1]);
        float[] grid = new float[GRID_COLUMNS * GRID_ROWS * 2];
        for (int r = 0; r < GRID_ROWS; r++) {
            for (int c = 0; c < GRID_COLUMNS; c++) {
                int i = r * GRID_COLUMNS + c;
                grid[2 * i] = (float) (xRange[0] + (c + 0.5) * (xRange[1] - xRange[0]) / GRID_COLUMNS);
                grid[2 * i + 1] = (float) (yRange[0] + (r + 0.5) * (yRange[1] - yRange[0]) / GRID_ROWS);
            }
        }
        long[] predicted = predictClasses(model, Torch.tensor(grid, GRID_COLUMNS * GRID_ROWS, 2));

        XYChart chart = ChartStyle.xyChart("", "x1", "x2");
        chart.getStyler().setXAxisMin(xRange[0]).setXAxisMax(xRange[1]);
        chart.getStyler().setYAxisMin(yRange[0]).setYAxisMax(yRange[1]);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setPlotContentSize(1.0);   // the shading fills the plot area
        // Squares a little larger than a grid cell, so that the shading has no gaps.
        int cellPixels = (int) Math.ceil(Math.max(ChartStyle.WIDTH / (double) GRID_COLUMNS,
                ChartStyle.HEIGHT / (double) GRID_ROWS)) + 1;
        for (long c : new TreeSet<>(Arrays.stream(predicted).boxed().toList())) {
            int n = 0;
            for (long p : predicted) {
                n += p == c ? 1 : 0;
            }
            double[] xs = new double[n];
            double[] ys = new double[n];
            for (int i = 0, j = 0; i < predicted.length; i++) {
                if (predicted[i] == c) {
                    xs[j] = grid[2 * i];
                    ys[j++] = grid[2 * i + 1];
                }
            }
            XYSeries region = addPoints(chart, "region " + c, xs, ys, ChartStyle.lighter(ChartStyle.color((int) c), 0.75));
            region.setMarker(SeriesMarkers.SQUARE);
            region.setShowInLegend(false);
        }
        chart.getStyler().setMarkerSize(cellPixels);
        addClasses(chart, xy, classes);
        return chart;
    }

    private static long[] predictClasses(Function<Tensor, Tensor> model, Tensor grid) {
        Tensor out;
        try (NoGrad ignored = Torch.noGrad()) {
            out = model.apply(grid);
        }
        int g = grid.size(0);
        if (out == null || out.dim() == 0 || out.dim() > 2 || out.size(0) != g) {
            throw new IllegalArgumentException("Plots.decisionBoundary: the model should map points [" + g
                    + ", 2] to scores [" + g + ", classes] or [" + g + ", 1], but returned "
                    + (out == null ? "null" : "shape " + Arrays.toString(out.shape())));
        }
        if (out.dim() == 2 && out.size(1) > 1) {
            return out.argmax(1).toLongArray();
        }
        float[] scores = out.toFloatArray();
        boolean probabilities = true;
        for (float s : scores) {
            probabilities &= s >= 0 && s <= 1;
        }
        long[] classes = new long[g];
        for (int i = 0; i < g; i++) {
            classes[i] = probabilities ? (scores[i] >= 0.5f ? 1 : 0) : (scores[i] > 0 ? 1 : 0);
        }
        return classes;
    }

    private static double[] paddedRange(double[] values) {
        double lo = min(values);
        double hi = max(values);
        double margin = hi > lo ? (hi - lo) * 0.1 : 0.5;
        return new double[]{lo - margin, hi + margin};
    }

    // ---------------------------------------------------------------- images

    /**
     * A batch of images {@code [N, 1, H, W]}, {@code [N, 3, H, W]} or {@code [N, H, W]} as one
     * image, eight to a row, scaled up so that small images (8 x 8 digits) are easy to see.
     * Values in [0, 1] are drawn as they are (0 black, 1 white); other ranges are stretched
     * from the batch's minimum to its maximum.
     */
    public static BufferedImage images(Tensor batch) {
        return new ImageGrid(batch, null, null, null).draw();
    }

    /** A batch of images with its class {@code labels [N]} written under each image. */
    public static BufferedImage images(Tensor batch, Tensor labels) {
        return new ImageGrid(batch, labels, null, null).draw();
    }

    /**
     * A batch of images with the predicted class under each: green where it equals the
     * label, red (with the true label) where it does not. {@code predictions} are classes
     * {@code [N]} or scores {@code [N, C]} (the argmax is taken); {@code labels} may be null.
     */
    public static BufferedImage images(Tensor batch, Tensor labels, Tensor predictions) {
        return new ImageGrid(batch, labels, predictions, null).draw();
    }

    /** As {@link #images(Tensor, Tensor, Tensor)}, writing class names ("Sneaker") instead of numbers. */
    public static BufferedImage images(Tensor batch, Tensor labels, Tensor predictions, List<String> classNames) {
        return new ImageGrid(batch, labels, predictions, classNames).draw();
    }

    // ---------------------------------------------------------------- bars

    /**
     * One bar per value of {@code values} (1-D), named by {@code names} (or 0, 1, 2, ... when
     * null): a model's class probabilities for one input,
     * {@code Plots.bar(classNames, softmax(model.forward(x), 1).select(0, 0))}.
     */
    public static CategoryChart bar(List<String> names, Tensor values) {
        double[] heights = vector("Plots.bar", "values", values);
        if (names != null && names.size() != heights.length) {
            throw new IllegalArgumentException("Plots.bar: " + names.size() + " names for " + heights.length
                    + " values; give one name per value (or null for 0, 1, 2, ...)");
        }
        List<String> categories = new ArrayList<>();
        List<Double> bars = new ArrayList<>();
        for (int i = 0; i < heights.length; i++) {
            categories.add(names == null ? Integer.toString(i) : names.get(i));
            bars.add(heights[i]);
        }
        CategoryChart chart = new CategoryChart(ChartStyle.WIDTH, ChartStyle.HEIGHT, Styler.ChartTheme.XChart);
        CategoryStyler styler = chart.getStyler();
        ChartStyle.apply(styler);
        styler.setChartTitleVisible(false);
        styler.setLegendVisible(false);
        styler.setXAxisTickMarkSpacingHint(10);   // a label under every bar, not every other
        styler.setAvailableSpaceFill(0.7);
        styler.setYAxisDecimalPattern("#,##0.###");
        styler.setXAxisLabelRotation(categories.stream().anyMatch(c -> c.length() > 6) ? 45 : 0);
        var series = chart.addSeries("values", categories, bars);
        series.setFillColor(ChartStyle.color(0));
        return chart;
    }

    // ---------------------------------------------------------------- confusion matrix, histogram

    /**
     * The confusion matrix of {@code labels [N]} against {@code predictions} ({@code [N]}
     * classes or {@code [N, C]} scores) as a heat map with the counts in the cells.
     * {@link ConfusionMatrix} gives the counts, accuracy, precision and recall.
     */
    public static HeatMapChart confusionMatrix(Tensor labels, Tensor predictions) {
        return ConfusionMatrix.of(labels, predictions).plot();
    }

    /** As {@link #confusionMatrix(Tensor, Tensor)}, with class names on the axes. */
    public static HeatMapChart confusionMatrix(Tensor labels, Tensor predictions, List<String> classNames) {
        return ConfusionMatrix.of(labels, predictions).classNames(classNames).plot();
    }

    /** A histogram of every value of {@code values} (a weight matrix, activations), in 40 bins. */
    public static XYChart histogram(Tensor values) {
        return histogram(values, DEFAULT_BINS);
    }

    /** A histogram of every value of {@code values} in {@code bins} equal bins; the title gives n, mean and std. */
    public static XYChart histogram(Tensor values, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("Plots.histogram: bins must be >= 1, got " + bins);
        }
        if (values.numel() == 0) {
            throw new IllegalArgumentException("Plots.histogram: the tensor is empty (shape "
                    + Arrays.toString(values.shape()) + "); there is nothing to count");
        }
        float[] data = values.detach().toFloatArray();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int finite = 0;
        for (float v : data) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                sum += v;
                finite++;
            }
        }
        if (finite == 0) {
            throw new IllegalArgumentException("Plots.histogram: every value is NaN or infinite");
        }
        double mean = sum / finite;
        double squares = 0;
        for (float v : data) {
            if (Float.isFinite(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        double std = finite > 1 ? Math.sqrt(squares / (finite - 1)) : 0;
        if (hi == lo) {
            lo -= 0.5;
            hi += 0.5;
        }
        long[] counts = histogramCounts(data, lo, hi, bins);
        // A step outline, two points per bin, filled down to zero.
        double[] xs = new double[2 * bins];
        double[] ys = new double[2 * bins];
        double width = (hi - lo) / bins;
        for (int b = 0; b < bins; b++) {
            xs[2 * b] = lo + b * width;
            xs[2 * b + 1] = lo + (b + 1) * width;
            ys[2 * b] = counts[b];
            ys[2 * b + 1] = counts[b];
        }
        String title = String.format(Locale.ROOT, "n=%d  mean=%.4g  std=%.4g  min=%.4g  max=%.4g",
                finite, mean, std, min(data), max(data));
        XYChart chart = ChartStyle.xyChart(title, "value", "count");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartTitleFont(chart.getStyler().getAxisTitleFont());
        chart.getStyler().setYAxisMin(0.0);
        XYSeries series = chart.addSeries("count", xs, ys);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(ChartStyle.color(0));
        series.setFillColor(ChartStyle.faint(ChartStyle.color(0), 150));
        series.setLineWidth(1.5f);
        ChartStyle.roundXTicks(chart, xs[0], xs[xs.length - 1]);
        return chart;
    }

    /** Counts of finite values per bin of [lo, hi); the maximum goes into the last bin. */
    static long[] histogramCounts(float[] data, double lo, double hi, int bins) {
        long[] counts = new long[bins];
        double scale = bins / (hi - lo);
        for (float v : data) {
            if (Float.isFinite(v)) {
                int b = (int) ((v - lo) * scale);
                counts[Math.max(0, Math.min(bins - 1, b))]++;
            }
        }
        return counts;
    }

    // ---------------------------------------------------------------- tensor reading

    static double[] vector(String op, String name, Tensor t) {
        Objects.requireNonNull(t, op + ": " + name);
        int[] shape = t.shape();
        int longDims = 0;
        for (int d : shape) {
            longDims += d > 1 ? 1 : 0;
        }
        if (longDims > 1) {
            throw new IllegalArgumentException(op + ": " + name + " must be 1-D, got shape " + Arrays.toString(shape)
                    + "; pass " + name + ".flatten() to plot every value, or select one row");
        }
        return toDoubles(t.detach().toFloatArray());
    }

    private static double[][] points2d(String op, Tensor points) {
        Objects.requireNonNull(points, op + ": points");
        if (points.dim() != 2 || points.size(1) != 2) {
            throw new IllegalArgumentException(op + ": points must have shape [N, 2] (one row per point), got "
                    + Arrays.toString(points.shape()) + (points.dim() == 2 && points.size(0) == 2
                    ? "; did you mean points.t()?" : ""));
        }
        float[] flat = points.detach().toFloatArray();
        int n = points.size(0);
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = flat[2 * i];
            ys[i] = flat[2 * i + 1];
        }
        return new double[][]{xs, ys};
    }

    /** Class labels as longs: a 1-D tensor (or [N, 1]) of N integer values that are not negative. */
    static long[] labels(String op, Tensor labels, int n) {
        Objects.requireNonNull(labels, op + ": labels");
        if (labels.numel() != n || labels.dim() > 2 || labels.dim() == 2 && labels.size(1) != 1) {
            throw new IllegalArgumentException(op + ": labels must have shape [" + n + "] (one class per point), got "
                    + Arrays.toString(labels.shape()));
        }
        long[] classes;
        if (labels.dtype() == DType.FLOAT32) {
            float[] values = labels.toFloatArray();
            classes = new long[n];
            for (int i = 0; i < n; i++) {
                if (values[i] != Math.rint(values[i])) {
                    throw new IllegalArgumentException(op + ": labels must be whole class numbers 0, 1, 2, ...; found "
                            + values[i] + " at " + i + " (for scores, pass scores.argmax(1))");
                }
                classes[i] = (long) values[i];
            }
        } else {
            classes = labels.toLongArray();
        }
        for (int i = 0; i < n; i++) {
            if (classes[i] < 0) {
                throw new IllegalArgumentException(op + ": class labels must be >= 0; found " + classes[i] + " at " + i);
            }
        }
        return classes;
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static double[] indices(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static double min(double[] values) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                m = Math.min(m, v);
            }
        }
        return m;
    }

    private static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    private static double min(float[] values) {
        double m = Double.POSITIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                m = Math.min(m, v);
            }
        }
        return m;
    }

    private static double max(float[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                m = Math.max(m, v);
            }
        }
        return m;
    }
}
