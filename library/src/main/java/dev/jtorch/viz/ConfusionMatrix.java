package dev.jtorch.viz;

import dev.jtorch.Tensor;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;

/**
 * Counts of (true class, predicted class) pairs: how often each class was taken for each
 * other. {@link #plot()} draws it as a heat map with the counts in the cells, true classes
 * down the side (0 at the top) and predicted classes along the bottom.
 *
 * <pre>{@code
 * var cm = ConfusionMatrix.of(testLabels, model.forward(testImages));   // scores [N, C] or classes [N]
 * cm.count(3, 5)      // images of 3 taken for 5
 * cm.accuracy()
 * cm.plot()           // shown in the notebook
 * }</pre>
 */
public final class ConfusionMatrix {

    private final long[][] counts;   // [true][predicted]
    private List<String> classNames;

    private ConfusionMatrix(long[][] counts) {
        this.counts = counts;
    }

    /**
     * Counts {@code labels [N]} against {@code predictions}: classes {@code [N]} or scores
     * {@code [N, C]} (the argmax is taken). The number of classes is the largest class seen
     * plus one (at least C for scores).
     */
    public static ConfusionMatrix of(Tensor labels, Tensor predictions) {
        return of(labels, predictions, 0);
    }

    /** As {@link #of(Tensor, Tensor)}, with at least {@code numClasses} classes (so an unseen class still gets a row). */
    public static ConfusionMatrix of(Tensor labels, Tensor predictions, int numClasses) {
        if (labels == null || predictions == null) {
            throw new IllegalArgumentException("ConfusionMatrix.of: labels and predictions are both needed");
        }
        int n = labels.numel();
        int scoreColumns = predictions.dim() == 2 && predictions.size(1) > 1 ? predictions.size(1) : 0;
        if (predictions.dim() == 2 && scoreColumns > 0 && predictions.size(0) != n
                || scoreColumns == 0 && predictions.numel() != n) {
            throw new IllegalArgumentException("ConfusionMatrix.of: " + n + " labels (shape "
                    + Arrays.toString(labels.shape()) + ") but predictions have shape "
                    + Arrays.toString(predictions.shape()) + "; give one prediction per label");
        }
        long[] truth = Plots.labels("ConfusionMatrix.of", labels, n);
        long[] predicted = Plots.labels("ConfusionMatrix.of",
                scoreColumns > 0 ? predictions.argmax(1) : predictions, n);
        long classes = Math.max(numClasses, scoreColumns);
        for (int i = 0; i < n; i++) {
            classes = Math.max(classes, Math.max(truth[i], predicted[i]) + 1);
        }
        if (classes > 1000) {
            throw new IllegalArgumentException("ConfusionMatrix.of: the largest class is " + (classes - 1)
                    + "; labels should be class numbers 0 .. C-1, not raw values");
        }
        long[][] counts = new long[(int) classes][(int) classes];
        for (int i = 0; i < n; i++) {
            counts[(int) truth[i]][(int) predicted[i]]++;
        }
        return new ConfusionMatrix(counts);
    }

    /** Names the classes on the chart ("T-shirt", "Trouser", ...); returns this matrix. */
    public ConfusionMatrix classNames(List<String> names) {
        if (names != null && names.size() < counts.length) {
            throw new IllegalArgumentException("ConfusionMatrix.classNames: " + counts.length + " classes but only "
                    + names.size() + " names");
        }
        this.classNames = names == null ? null : List.copyOf(names);
        return this;
    }

    /** The number of classes (rows and columns). */
    public int numClasses() {
        return counts.length;
    }

    /** How many items of class {@code trueClass} were predicted as {@code predictedClass}. */
    public long count(int trueClass, int predictedClass) {
        if (trueClass < 0 || trueClass >= counts.length || predictedClass < 0 || predictedClass >= counts.length) {
            throw new IllegalArgumentException("ConfusionMatrix.count: classes are 0 .. " + (counts.length - 1)
                    + ", got (" + trueClass + ", " + predictedClass + ")");
        }
        return counts[trueClass][predictedClass];
    }

    /** All counts, {@code [true class][predicted class]} (a copy). */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** The number of items counted. */
    public long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long c : row) {
                total += c;
            }
        }
        return total;
    }

    /** The fraction predicted right (the diagonal over the total); NaN when empty. */
    public double accuracy() {
        long right = 0;
        for (int i = 0; i < counts.length; i++) {
            right += counts[i][i];
        }
        return (double) right / total();
    }

    /** Of the items of class {@code c}, the fraction predicted as {@code c}; NaN if there are none. */
    public double recall(int c) {
        long row = 0;
        for (long v : counts[c]) {
            row += v;
        }
        return (double) count(c, c) / row;
    }

    /** Of the items predicted as {@code c}, the fraction that are {@code c}; NaN if there are none. */
    public double precision(int c) {
        long column = 0;
        for (long[] row : counts) {
            column += row[c];
        }
        return (double) count(c, c) / column;
    }

    /** The heat map: true class down the side, predicted class along the bottom, counts in the cells. */
    public HeatMapChart plot() {
        int k = counts.length;
        int size = Math.max(360, Math.min(760, 140 + 48 * k));
        HeatMapChart chart = new HeatMapChart(size + 20, size, Styler.ChartTheme.XChart);
        chart.setTitle(String.format(Locale.ROOT, "accuracy %.1f%% (%d items)", 100 * accuracy(), total()));
        chart.setXAxisTitle("predicted");
        chart.setYAxisTitle("true");
        HeatMapStyler styler = chart.getStyler();
        ChartStyle.apply(styler);
        styler.setChartTitleVisible(true);
        styler.setLegendVisible(false);   // the counts are written in the cells
        styler.setXAxisTickMarkSpacingHint(10);   // a label for every class, not every other
        styler.setYAxisTickMarkSpacingHint(10);
        styler.setPlotContentSize(1.0);
        styler.setPlotGridLinesVisible(false);
        styler.setShowValue(true);
        styler.setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, k > 12 ? 9 : 12));
        styler.setValueFontColor(Color.BLACK);
        styler.setHeatMapValueDecimalPattern("#,##0");
        styler.setRangeColors(new Color[]{Color.WHITE, new Color(0xfdd49e), new Color(0xfc8d59), new Color(0xd7301f)});
        styler.setMin(0);
        styler.setMax(Math.max(1, max()));
        styler.setDrawBorder(true);
        List<String> columns = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            columns.add(name(c));
        }
        // XChart draws the first row at the bottom; list them last-first so that class 0 is on top.
        for (int r = k - 1; r >= 0; r--) {
            rows.add(name(r));
        }
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                cells.add(new Number[]{c, k - 1 - r, counts[r][c]});
            }
        }
        chart.addSeries("counts", columns, rows, cells);
        if (classNames != null && columns.stream().anyMatch(s -> s.length() > 3)) {
            styler.setXAxisLabelRotation(45);
        }
        return chart;
    }

    private long max() {
        long max = 0;
        for (long[] row : counts) {
            for (long c : row) {
                max = Math.max(max, c);
            }
        }
        return max;
    }

    private String name(int c) {
        return classNames != null ? classNames.get(c) : Integer.toString(c);
    }

    /** The counts as a text table, true classes down the side. */
    @Override
    public String toString() {
        int k = counts.length;
        int cell = Math.max(5, Long.toString(max()).length() + 1);
        int label = 5;
        for (int c = 0; c < k; c++) {
            label = Math.max(label, name(c).length() + 1);
            cell = Math.max(cell, name(c).length() + 1);
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "ConfusionMatrix(%d classes, %d items, accuracy %.4f; rows: true, columns: predicted)%n", k, total(),
                accuracy()));
        out.append(" ".repeat(label));
        for (int c = 0; c < k; c++) {
            out.append(String.format(Locale.ROOT, "%" + cell + "s", name(c)));
        }
        for (int r = 0; r < k; r++) {
            out.append(String.format(Locale.ROOT, "%n%-" + label + "s", name(r)));
            for (int c = 0; c < k; c++) {
                out.append(String.format(Locale.ROOT, "%" + cell + "d", counts[r][c]));
            }
        }
        return out.toString();
    }
}
