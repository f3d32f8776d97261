package dev.jtorch.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtorch.Torch;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class TrainingHistoryTest {

    @Test
    void recordsEachSeriesWithItsSteps() {
        var history = new TrainingHistory().autoShow(false);
        history.log("loss", 2.0);
        history.log("loss", 1.5);
        history.log("accuracy", 0.3);
        history.log("loss", 1.25);
        assertArrayEquals(new double[]{2.0, 1.5, 1.25}, history.values("loss"));
        assertArrayEquals(new double[]{1, 2, 3}, history.steps("loss"));
        assertArrayEquals(new double[]{1}, history.steps("accuracy"));
        assertEquals(1.25, history.last("loss"));
        assertEquals(List.of("loss", "accuracy"), history.names());
    }

    @Test
    void oneElementTensorsAreLoggedByValue() {
        var history = new TrainingHistory().autoShow(false);
        history.log("loss", Torch.tensor(new float[]{0.5f, 1.5f}).mean());
        history.logEpoch("val_loss", Torch.tensor(new float[]{0.25f}));
        assertArrayEquals(new double[]{1.0}, history.values("loss"));
        assertArrayEquals(new double[]{0.25}, history.values("val_loss"));
        var batch = assertThrows(IllegalArgumentException.class,
                () -> history.log("loss", Torch.rand(4, 2)));
        assertTrue(batch.getMessage().contains("[4, 2]") && batch.getMessage().contains(".mean()"), batch.getMessage());
    }

    @Test
    void explicitStepsAreKeptAndTheNextStepFollowsThem() {
        var history = new TrainingHistory().autoShow(false);
        history.log("loss", 10, 0.9);
        history.log("loss", 20, 0.8);
        history.log("loss", 0.7);
        assertArrayEquals(new double[]{10, 20, 21}, history.steps("loss"));
    }

    @Test
    void epochValuesLineUpWithTheLastTrainingStep() {
        var history = new TrainingHistory().autoShow(false);
        for (int i = 0; i < 5; i++) {
            history.log("loss", 1.0 / (i + 1));
        }
        history.logEpoch("val_loss", 0.4);
        for (int i = 0; i < 5; i++) {
            history.log("loss", 0.1);
        }
        history.logEpoch("val_loss", 0.3);
        assertArrayEquals(new double[]{5, 10}, history.steps("val_loss"));
        assertArrayEquals(new double[]{0.4, 0.3}, history.values("val_loss"));
    }

    @Test
    void epochValuesAloneCountEpochs() {
        var history = new TrainingHistory().autoShow(false);
        history.logEpoch("loss", 1.0);
        history.logEpoch("loss", 0.5);
        history.logEpoch("loss", 0.25);
        assertArrayEquals(new double[]{1, 2, 3}, history.steps("loss"));
    }

    @Test
    void smoothingIsTheDebiasedExponentialAverage() {
        double weight = 0.8;
        var history = new TrainingHistory().autoShow(false).smoothing(weight);
        Random random = new Random(3);
        double[] raw = new double[50];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = random.nextGaussian();
            history.log("loss", raw[i]);
        }
        double[] smoothed = history.smoothed("loss");
        // The same average written as a weighted sum: value i counts weight^(k-i) * (1 - weight).
        for (int k = 0; k < raw.length; k++) {
            double sum = 0;
            double weights = 0;
            for (int i = 0; i <= k; i++) {
                double w = Math.pow(weight, k - i) * (1 - weight);
                sum += w * raw[i];
                weights += w;
            }
            assertEquals(sum / weights, smoothed[k], 1e-12, "smoothed value " + k);
        }
    }

    @Test
    void aConstantSeriesStaysConstantWhenSmoothed() {
        var history = new TrainingHistory().autoShow(false).smoothing(0.95);
        for (int i = 0; i < 20; i++) {
            history.log("loss", 3.0);
        }
        for (double v : history.smoothed("loss")) {
            assertEquals(3.0, v, 1e-12);
        }
    }

    @Test
    void smoothingZeroKeepsTheRawValues() {
        var history = new TrainingHistory().autoShow(false).smoothing(0);
        history.log("loss", 1);
        history.log("loss", 5);
        history.log("loss", 2);
        assertArrayEquals(history.values("loss"), history.smoothed("loss"), 1e-15);
    }

    @Test
    void nanValuesDoNotPoisonTheAverage() {
        var history = new TrainingHistory().autoShow(false).smoothing(0.5);
        history.log("loss", 1);
        history.log("loss", Double.NaN);
        history.log("loss", 1);
        double[] smoothed = history.smoothed("loss");
        assertEquals(1.0, smoothed[2], 1e-12);
        assertTrue(Double.isNaN(smoothed[1]));
    }

    @Test
    void badInputIsRefusedInTheUsersTerms() {
        var history = new TrainingHistory().autoShow(false);
        history.log("loss", 1);
        var mixed = assertThrows(IllegalArgumentException.class, () -> history.logEpoch("loss", 1));
        assertTrue(mixed.getMessage().contains("'loss'"), mixed.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> history.values("los"));
        assertTrue(unknown.getMessage().contains("[loss]"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> history.smoothing(1.0));
        assertThrows(IllegalArgumentException.class, () -> history.log(" ", 1));
    }

    @Test
    void redrawsAtMostFourTimesASecondPlusAFinalRedraw() {
        FakeClock clock = new FakeClock();
        var history = new TrainingHistory(clock);
        try (var sink = new RecordingSink(true, () -> history.isEmpty() ? 0 : history.values("loss").length, () -> { })) {
            int steps = 1000;
            double millisPerStep = 1.0;
            for (int i = 0; i < steps; i++) {
                history.log("loss", 1.0 / (i + 1));
                clock.advanceMillis(millisPerStep);
            }
            int throttled = sink.of("update").size();
            history.close();
            history.close();   // nothing new: no second final redraw

            double intervalMillis = Throttle.DEFAULT_INTERVAL_NANOS / 1e6;
            long allowed = (long) Math.floor((steps - 1) * millisPerStep / intervalMillis);
            assertEquals(1, sink.of("show").size(), "one output, shown at the first log");
            assertTrue(throttled <= allowed, throttled + " redraws while logging, allowed " + allowed);
            assertTrue(throttled >= allowed - 1, "the chart should still follow the training: " + throttled);
            assertEquals(throttled + 1, sink.of("update").size(), "one final redraw");
            var last = sink.events.get(sink.events.size() - 1);
            assertEquals(steps, last.observed(), "the final redraw shows every value");
            assertInstanceOf(XYChart.class, last.value());
            String id = sink.of("show").get(0).id();
            assertTrue(sink.of("update").stream().allMatch(e -> e.id().equals(id)), "updates go to the shown output");
        }
    }

    @Test
    void aSingleValueIsDrawnWithinARangeRatherThanOnOneLongTick() {
        var history = new TrainingHistory().autoShow(false);
        history.logEpoch("accuracy", 0.180555567145348);
        double[] range = yRange(history.plot());
        assertTrue(range[0] < 0.18 && range[1] > 0.181, "y from " + range[0] + " to " + range[1]);
        history.logEpoch("accuracy", 0.5);
        assertArrayEquals(new double[]{0.180555567145348, 0.5}, yRange(history.plot()), "two values span the axis themselves");
        var logScale = new TrainingHistory().autoShow(false).logScale(true);
        logScale.log("loss", 0.01);
        double[] logRange = yRange(logScale.plot());
        assertTrue(logRange[0] > 0 && logRange[0] < 0.01 && logRange[1] > 0.01, "log y from " + logRange[0] + " to " + logRange[1]);
    }

    // The y values the chart's axis must span: XChart fits it to every series' data.
    private static double[] yRange(XYChart chart) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (var series : chart.getSeriesCollection()) {
            for (double y : series.getYData()) {
                if (Double.isFinite(y)) {
                    min = Math.min(min, y);
                    max = Math.max(max, y);
                }
            }
        }
        return new double[]{min, max};
    }

    @Test
    void aSlowFirstDrawDoesNotHoldTheChartStill() {
        FakeClock clock = new FakeClock();
        var history = new TrainingHistory(clock);
        double[] drawMillis = {3000};   // the first draw loads fonts and classes; the next ones are quick
        try (var sink = new RecordingSink(true, () -> null, () -> {
            clock.advanceMillis(drawMillis[0]);
            drawMillis[0] = 20;
        })) {
            for (int i = 0; i < 40; i++) {   // two seconds of training after the first draw
                history.log("loss", i);
                clock.advanceMillis(50);
            }
            assertEquals(1, sink.of("show").size());
            assertTrue(sink.of("update").size() >= 5, "redraws in two seconds: " + sink.of("update").size());
        }
    }

    @Test
    void slowDrawingSpacesRedrawsFurtherApart() {
        FakeClock clock = new FakeClock();
        var history = new TrainingHistory(clock);
        double drawMillis = 200;   // each redraw takes this long on the fake clock
        try (var sink = new RecordingSink(true, () -> null, () -> clock.advanceMillis(drawMillis))) {
            for (int i = 0; i < 10_000; i++) {
                history.log("loss", i);
                clock.advanceMillis(1);
            }
            // At 4x the draw time between redraws, drawing takes at most a fifth of the time,
            // give or take the first draw (which does not count) and the one soon after it.
            double totalMillis = (clock.nanos - 1_000_000_000L) / 1e6;
            double drawing = sink.events.size() * drawMillis;
            assertTrue(drawing <= totalMillis / 5 + 2 * drawMillis, "drawing took " + drawing + " of " + totalMillis + " ms");
        }
    }

    @Test
    void autoShowOffWaitsForShow() {
        FakeClock clock = new FakeClock();
        var history = new TrainingHistory(clock).autoShow(false);
        try (var sink = new RecordingSink(true)) {
            history.log("loss", 1);
            clock.advanceMillis(1000);
            history.log("loss", 2);
            assertTrue(sink.events.isEmpty(), "nothing is shown before show()");
            history.show();
            assertEquals(1, sink.of("show").size());
            assertInstanceOf(XYChart.class, sink.of("show").get(0).value());
        }
    }

    @Test
    void displayFlushDrawsWhatTheThrottleHeldBack() {
        FakeClock clock = new FakeClock();
        var history = new TrainingHistory(clock);
        try (var sink = new RecordingSink(true, () -> history.values("loss").length, () -> { })) {
            history.log("loss", 1);
            history.log("loss", 2);   // within 250 ms: held back
            String id = sink.of("show").get(0).id();
            assertEquals(0, updatesOf(sink, id).size());
            Display.flush();
            assertEquals(1, updatesOf(sink, id).size());
            assertEquals(2, updatesOf(sink, id).get(0).observed());
        }
    }

    @Test
    void aChartThatCannotBeDrawnDoesNotStopTraining() {
        FakeClock clock = new FakeClock();
        var history = new TrainingHistory(clock);
        DisplaySink previous = Display.sink();
        PrintStream err = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        int[] calls = {0};
        Display.setSink(new DisplaySink() {
            @Override
            public void show(Object value, String id) {
                calls[0]++;
            }

            @Override
            public void update(String id, Object value) {
                calls[0]++;
                throw new IllegalStateException("the notebook went away");
            }
        });
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 100; i++) {
                history.log("loss", i);
                clock.advanceMillis(100);
            }
            history.close();
        } finally {
            System.setErr(err);
            Display.setSink(previous);
        }
        assertEquals(100, history.values("loss").length, "every value is recorded");
        assertEquals(2, calls[0], "one show, one failed update, then no more drawing");
        String text = warnings.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("the notebook went away"), text);
        assertEquals(1, text.lines().count(), "one warning: " + text);
    }

    private static List<RecordingSink.Event> updatesOf(RecordingSink sink, String id) {
        return sink.of("update").stream().filter(e -> e.id().equals(id)).toList();
    }

    @Test
    void loggingInALaterCellShowsTheChartThere() {
        FakeClock clock = new FakeClock();
        var history = new TrainingHistory(clock);
        var hidden = new TrainingHistory(clock).autoShow(false);
        try (var sink = new RecordingSink(true, () -> history.values("loss").length, () -> { })) {
            history.log("loss", 1);
            history.log("loss", 2);   // held back by the throttle
            hidden.log("loss", 1);
            Display.cellFinished();   // the kernel: the first cell is done
            String first = sink.of("show").get(0).id();
            assertEquals(2, updatesOf(sink, first).get(0).observed(), "the first cell's chart shows both values");

            clock.advanceMillis(1000);
            history.log("loss", 3);   // a later cell trains some more
            List<RecordingSink.Event> shows = sink.of("show");
            assertEquals(2, shows.size(), "shown again, under the new cell");
            String second = shows.get(1).id();
            assertTrue(!second.equals(first));
            assertEquals(3, shows.get(1).observed(), "the new chart holds the whole history");
            assertEquals(1, updatesOf(sink, first).size(), "the old chart is left as it was");
        }
    }

    @Test
    void showingBeforeAnyValueShowsANoteThenTheChart() {
        FakeClock clock = new FakeClock();
        var history = new TrainingHistory(clock);
        try (var sink = new RecordingSink(true)) {
            history.show();
            assertTrue(sink.of("show").get(0).value().toString().contains("no values"));
            clock.advanceMillis(300);
            history.log("loss", 1);
            assertInstanceOf(XYChart.class, sink.of("update").get(0).value());
        }
    }

    @Test
    void chartEncodesAsPng() {
        var history = new TrainingHistory().autoShow(false);
        Random random = new Random(1);
        for (int i = 0; i < 300; i++) {
            history.log("loss", Math.exp(-i / 100.0) + 0.1 * random.nextGaussian());
            if ((i + 1) % 100 == 0) {
                history.logEpoch("val_loss", Math.exp(-i / 100.0));
            }
        }
        XYChart chart = history.plot();
        PngAssert.assertPicture(Charts.toPng(chart), chart.getWidth(), chart.getHeight());
    }

    @Test
    void panelsAreDrawnSideBySide() {
        var history = new TrainingHistory().autoShow(false);
        for (int i = 0; i < 50; i++) {
            history.log("loss/train", 1.0 / (i + 1));
            history.log("accuracy/train", 1 - 1.0 / (i + 1));
        }
        history.logEpoch("loss/val", 0.1);
        history.logEpoch("accuracy/val", 0.9);
        BufferedImage both = history.image();
        BufferedImage loss = Charts.toImage(history.plot("loss"));
        assertTrue(both.getWidth() >= 2 * loss.getWidth() * 0.6, "two panels side by side: " + both.getWidth());
        PngAssert.assertPicture(Charts.toPng(both), both.getWidth(), both.getHeight());
        assertThrows(IllegalArgumentException.class, () -> history.plot("lr"));
    }

    @Test
    void logScaleLeavesOutValuesItCannotDraw() {
        var history = new TrainingHistory().autoShow(false).logScale(true);
        history.log("loss", 1);
        history.log("loss", 0);
        history.log("loss", -1);
        history.log("loss", 0.01);
        XYChart chart = history.plot();
        PngAssert.assertPicture(Charts.toPng(chart), chart.getWidth(), chart.getHeight());
    }

    @Test
    void aLogScaleWithinOneDecadeLabelsMoreThanPowersOfTen() {
        var narrow = new TrainingHistory().autoShow(false).logScale(true);
        var wide = new TrainingHistory().autoShow(false).logScale(true);
        for (int i = 0; i < 50; i++) {
            narrow.log("loss", 0.6 - 0.005 * i);           // 0.6 to 0.355: no power of ten inside
            wide.log("loss", 2.3 * Math.exp(-i / 5.0));     // 2.3 to 1e-4: five of them
        }
        assertFalse(narrow.plot().getStyler().isYAxisLogarithmicDecadeOnly(), "labels at 0.4, 0.5, 0.6");
        assertTrue(wide.plot().getStyler().isYAxisLogarithmicDecadeOnly(), "decades only, or labels crowd");
    }

    @Test
    void panelsKeepTheChartsTitle() {
        var history = new TrainingHistory().autoShow(false).title("MNIST");
        history.log("loss/train", 0.5);
        history.log("accuracy/train", 0.8);
        assertEquals("MNIST: loss", history.plot("loss").getTitle());
        assertEquals("MNIST", history.plot().getTitle());
    }

    @Test
    void savePngWritesThePicture(@TempDir Path dir) throws Exception {
        var history = new TrainingHistory().autoShow(false);
        assertThrows(IllegalStateException.class, () -> history.savePng(dir.resolve("empty.png")));
        for (int i = 0; i < 20; i++) {
            history.log("loss", 20 - i);
        }
        Path file = dir.resolve("sub/loss.png");
        history.savePng(file);
        XYChart chart = history.plot();
        PngAssert.assertPicture(Files.readAllBytes(file), chart.getWidth(), chart.getHeight());
    }

    @Test
    void toStringSummarisesEachSeries() {
        var history = new TrainingHistory().autoShow(false);
        history.log("loss", 0.5);
        history.log("loss", 0.25);
        history.log("loss", 0.375);
        String text = history.toString();
        assertTrue(text.contains("loss"), text);
        assertTrue(text.contains("3 steps"), text);
        assertTrue(text.contains("last 0.375"), text);
        assertTrue(text.contains("min 0.25 (step 2)"), text);
    }
}
