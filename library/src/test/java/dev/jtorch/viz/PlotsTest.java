package dev.jtorch.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtorch.NoGrad;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;

class PlotsTest {

    // ---------------------------------------------------------------- every chart draws

    @Test
    void lineChartsEncodeAsPng() {
        Tensor x = Torch.linspace(-3, 3, 100);
        XYChart single = Plots.titled(Plots.line(x, Torch.tanh(x)), "tanh");
        assertEquals("tanh", single.getTitle());
        PngAssert.assertPicture(Charts.toPng(single), single.getWidth(), single.getHeight());
        XYChart indexed = Plots.line(Torch.tanh(x));
        PngAssert.assertPicture(Charts.toPng(indexed), indexed.getWidth(), indexed.getHeight());
        Map<String, Tensor> curves = new LinkedHashMap<>();
        curves.put("relu", Torch.relu(x));
        curves.put("sigmoid", Torch.sigmoid(x));
        XYChart several = Plots.lines(x, curves);
        PngAssert.assertPicture(Charts.toPng(several), several.getWidth(), several.getHeight());
    }

    @Test
    void scatterEncodesAsPng() {
        Torch.manualSeed(0);
        Tensor points = Torch.randn(100, 2);
        Tensor labels = points.narrow(1, 0, 1).gt(0).toLong().flatten();
        XYChart chart = Plots.scatter(points, labels);
        PngAssert.assertPicture(Charts.toPng(chart), chart.getWidth(), chart.getHeight());
        XYChart plain = Plots.scatter(points);
        PngAssert.assertPicture(Charts.toPng(plain), plain.getWidth(), plain.getHeight());
    }

    @Test
    void histogramEncodesAsPng() {
        Torch.manualSeed(1);
        XYChart chart = Plots.histogram(Torch.randn(64, 32).requiresGrad_(true));
        assertTrue(chart.getTitle().startsWith("n=2048"), chart.getTitle());
        PngAssert.assertPicture(Charts.toPng(chart), chart.getWidth(), chart.getHeight());
    }

    @Test
    void barChartEncodesAsPngAndNeedsOneNamePerValue() {
        Tensor probabilities = Torch.softmax(Torch.tensor(new float[]{1, 3, 0.5f}), 0);
        var chart = Plots.bar(List.of("cat", "dog", "bird"), probabilities);
        PngAssert.assertPicture(Charts.toPng(chart), chart.getWidth(), chart.getHeight());
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.bar(List.of("cat"), probabilities));
        assertTrue(e.getMessage().contains("1 names for 3 values"), e.getMessage());
    }

    @Test
    void confusionMatrixEncodesAsPng() {
        HeatMapChart chart = Plots.confusionMatrix(Torch.tensor(new long[]{0, 1, 2, 2}),
                Torch.tensor(new long[]{0, 2, 2, 1}), List.of("cat", "dog", "bird"));
        PngAssert.assertPicture(Charts.toPng(chart), chart.getWidth(), chart.getHeight());
    }

    // ---------------------------------------------------------------- decision boundary

    @Test
    void decisionBoundaryShadesEachSideWithItsPredictedClass() {
        Torch.manualSeed(2);
        Tensor points = Torch.randn(200, 2);
        Tensor labels = points.narrow(1, 0, 1).gt(0).toLong().flatten();
        AtomicInteger calls = new AtomicInteger();
        XYChart chart = Plots.decisionBoundary(p -> {
            calls.incrementAndGet();
            assertEquals(2, p.size(1), "the model gets points [G, 2]");
            assertFalse(NoGrad.isGradEnabled(), "the model runs under noGrad");
            return Torch.sigmoid(p.narrow(1, 0, 1).mul(5));   // class 1 right of x1 = 0
        }, points, labels);
        assertEquals(1, calls.get(), "one batch for the whole grid");
        BufferedImage image = PngAssert.assertPicture(Charts.toPng(chart), chart.getWidth(), chart.getHeight());
        Color class0 = ChartStyle.lighter(ChartStyle.color(0), 0.75);
        Color class1 = ChartStyle.lighter(ChartStyle.color(1), 0.75);
        int half = image.getWidth() / 2;
        assertTrue(count(image, class0, 0, half) > 10 * count(image, class0, half, image.getWidth()),
                "class 0 shading lies on the left");
        assertTrue(count(image, class1, half, image.getWidth()) > 10 * count(image, class1, 0, half),
                "class 1 shading lies on the right");
    }

    @Test
    void decisionBoundaryTakesTheArgmaxOfScores() {
        Tensor points = Torch.tensor(new float[][]{{-1, -1}, {1, 1}, {1, -1}});
        Tensor labels = Torch.tensor(new long[]{0, 1, 2});
        // Three scores per point; the largest is class 2 below x2 = 0 on the right.
        XYChart chart = Plots.decisionBoundary(p -> Torch.cat(new Tensor[]{
            p.narrow(1, 0, 1).neg(), p.narrow(1, 1, 1), p.narrow(1, 0, 1).sub(p.narrow(1, 1, 1)).mul(0.8)}, 1),
                points, labels);
        BufferedImage image = Charts.toImage(chart);
        for (int c = 0; c < 3; c++) {
            Color shade = ChartStyle.lighter(ChartStyle.color(c), 0.75);
            assertTrue(count(image, shade, 0, image.getWidth()) > 100, "class " + c + " has a region");
        }
    }

    @Test
    void decisionBoundaryExplainsAModelOfTheWrongShape() {
        Tensor points = Torch.randn(10, 2);
        Tensor labels = Torch.zeros(10).toLong();
        var e = assertThrows(IllegalArgumentException.class,
                () -> Plots.decisionBoundary(p -> p.sum(), points, labels));
        assertTrue(e.getMessage().contains("[16000, 2]"), e.getMessage());
    }

    private static int count(BufferedImage image, Color color, int fromX, int toX) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = fromX; x < toX; x++) {
                n += (image.getRGB(x, y) & 0xffffff) == (color.getRGB() & 0xffffff) ? 1 : 0;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- image grid

    @Test
    void imageGridPixelsMatchTheTensor() {
        Random random = new Random(4);
        int n = 10;
        int h = 8;
        int w = 6;
        float[] values = new float[n * h * w];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        Tensor batch = Torch.tensor(values, n, 1, h, w);
        ImageGrid grid = new ImageGrid(batch, null, null, null);
        BufferedImage image = grid.draw();
        assertEquals(Math.min(n, ImageGrid.MAX_COLUMNS), grid.columns);
        assertTrue(grid.scale * h >= ImageGrid.TARGET_SIZE, "small images are scaled up: " + grid.scale);
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    int x = grid.imageX(i) + c * grid.scale + grid.scale / 2;
                    int y = grid.imageY(i) + r * grid.scale + grid.scale / 2;
                    int gray = Math.round(values[(i * h + r) * w + c] * 255);
                    assertEquals(gray << 16 | gray << 8 | gray, image.getRGB(x, y) & 0xffffff,
                            "image " + i + " pixel (" + r + ", " + c + ")");
                }
            }
        }
    }

    @Test
    void imageGridStretchesOtherRangesAndDrawsRgb() {
        // Two RGB images 2 x 2 with values 0 .. 16 (the 8x8 digits' range): stretched to 0 .. 255.
        float[] values = new float[2 * 3 * 2 * 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 7) % 17;
        }
        Tensor batch = Torch.tensor(values, 2, 3, 2, 2);
        ImageGrid grid = new ImageGrid(batch, null, null, null);
        BufferedImage image = grid.draw();
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        for (int i = 0; i < 2; i++) {
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 2; c++) {
                    int rgb = image.getRGB(grid.imageX(i) + c * grid.scale, grid.imageY(i) + r * grid.scale) & 0xffffff;
                    for (int channel = 0; channel < 3; channel++) {
                        float v = values[((i * 3 + channel) * 2 + r) * 2 + c];
                        int expected = Math.round((v - lo) / (hi - lo) * 255);
                        int actual = rgb >> (16 - 8 * channel) & 0xff;
                        assertEquals(expected, actual, "image " + i + " channel " + channel + " at (" + r + ", " + c + ")");
                    }
                }
            }
        }
    }

    @Test
    void imageGridWithCaptionsEncodesAsPng() {
        Torch.manualSeed(5);
        Tensor batch = Torch.rand(12, 8, 8);
        Tensor labels = Torch.randint(0, 10, 12);
        Tensor predictions = labels.clone();
        predictions.set(9, 0);
        BufferedImage image = Plots.images(batch, labels, predictions);
        PngAssert.assertPicture(Charts.toPng(image), image.getWidth(), image.getHeight());
        BufferedImage named = Plots.images(batch, labels, Torch.randn(12, 10),
                List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"));
        assertTrue(named.getWidth() > image.getWidth(), "cells widen for long names");
    }

    @Test
    void imageGridExplainsShapesItCannotDraw() {
        var channelsLast = assertThrows(IllegalArgumentException.class, () -> Plots.images(Torch.rand(4, 8, 8, 3)));
        assertTrue(channelsLast.getMessage().contains("permute(0, 3, 1, 2)"), channelsLast.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plots.images(Torch.rand(8)));
        var labels = assertThrows(IllegalArgumentException.class,
                () -> Plots.images(Torch.rand(4, 1, 8, 8), Torch.tensor(new long[]{1, 2})));
        assertTrue(labels.getMessage().contains("[4]"), labels.getMessage());
    }

    // ---------------------------------------------------------------- confusion matrix, histogram

    @Test
    void confusionMatrixCountsEveryPair() {
        Random random = new Random(6);
        int n = 400;
        int k = 5;
        long[] truth = new long[n];
        long[] predicted = new long[n];
        for (int i = 0; i < n; i++) {
            truth[i] = random.nextInt(k);
            predicted[i] = random.nextDouble() < 0.7 ? truth[i] : random.nextInt(k);
        }
        var cm = ConfusionMatrix.of(Torch.tensor(truth), Torch.tensor(predicted));
        assertEquals(k, cm.numClasses());
        long right = 0;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                long expected = 0;
                for (int i = 0; i < n; i++) {
                    expected += truth[i] == t && predicted[i] == p ? 1 : 0;
                }
                assertEquals(expected, cm.count(t, p), "count(" + t + ", " + p + ")");
            }
            right += cm.count(t, t);
        }
        assertEquals(n, cm.total());
        assertEquals((double) right / n, cm.accuracy(), 1e-12);
        long predictedAs0 = 0;
        long are0 = 0;
        for (int i = 0; i < n; i++) {
            predictedAs0 += predicted[i] == 0 ? 1 : 0;
            are0 += truth[i] == 0 ? 1 : 0;
        }
        assertEquals((double) cm.count(0, 0) / predictedAs0, cm.precision(0), 1e-12);
        assertEquals((double) cm.count(0, 0) / are0, cm.recall(0), 1e-12);
        assertTrue(cm.toString().contains("accuracy"), cm.toString());
    }

    @Test
    void confusionMatrixTakesScoresAndKeepsUnseenClasses() {
        Tensor scores = Torch.tensor(new float[][]{{0.1f, 0.9f, 0}, {0.8f, 0.1f, 0.1f}, {0, 0.2f, 0.3f}});
        Tensor labels = Torch.tensor(new long[]{1, 1, 2});
        var cm = ConfusionMatrix.of(labels, scores);
        assertEquals(3, cm.numClasses());
        assertArrayEquals(new long[]{0, 0, 0}, cm.counts()[0]);
        assertArrayEquals(new long[]{1, 1, 0}, cm.counts()[1]);
        assertArrayEquals(new long[]{0, 0, 1}, cm.counts()[2]);
        assertEquals(6, ConfusionMatrix.of(labels, Torch.tensor(new long[]{1, 0, 2}), 6).numClasses());
        var mismatch = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(labels, Torch.tensor(new long[]{1, 0})));
        assertTrue(mismatch.getMessage().contains("one prediction per label"), mismatch.getMessage());
    }

    @Test
    void histogramCountsEveryFiniteValueOnce() {
        Random random = new Random(7);
        float[] data = new float[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        data[3] = Float.NaN;
        double lo = -4;
        double hi = 4;
        int bins = 16;
        long[] counts = Plots.histogramCounts(data, lo, hi, bins);
        long total = 0;
        for (int b = 0; b < bins; b++) {
            long expected = 0;
            double left = lo + b * (hi - lo) / bins;
            double right = lo + (b + 1) * (hi - lo) / bins;
            for (float v : data) {
                boolean inside = v >= left && (v < right || b == bins - 1 && v <= right);
                boolean clampedLow = b == 0 && v < lo;
                boolean clampedHigh = b == bins - 1 && v > hi;
                expected += Float.isFinite(v) && (inside || clampedLow || clampedHigh) ? 1 : 0;
            }
            assertEquals(expected, counts[b], "bin " + b);
            total += counts[b];
        }
        assertEquals(data.length - 1, total, "every finite value once");
    }

    @Test
    void plotsExplainTensorsOfTheWrongShape() {
        var line = assertThrows(IllegalArgumentException.class, () -> Plots.line(Torch.rand(3, 4)));
        assertTrue(line.getMessage().contains("flatten()"), line.getMessage());
        var scatter = assertThrows(IllegalArgumentException.class, () -> Plots.scatter(Torch.rand(2, 50)));
        assertTrue(scatter.getMessage().contains("points.t()"), scatter.getMessage());
        var lengths = assertThrows(IllegalArgumentException.class,
                () -> Plots.line(Torch.rand(5), Torch.rand(6)));
        assertTrue(lengths.getMessage().contains("same length"), lengths.getMessage());
        var fractional = assertThrows(IllegalArgumentException.class,
                () -> Plots.scatter(Torch.rand(3, 2), Torch.tensor(new float[]{0, 0.5f, 1})));
        assertTrue(fractional.getMessage().contains("argmax"), fractional.getMessage());
    }
}
