package dev.jtorch.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static List<Integer> numbers(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void lineShowsCountPercentTimesRateAndPostfix() {
        long done = 45;
        long total = 100;
        double seconds = 12.5;
        Map<String, Double> postfix = new LinkedHashMap<>();
        postfix.put("loss", 0.41234);
        String line = Progress.format(done, total, (long) (seconds * 1e9), "epoch 3", postfix);

        double rate = done / seconds;
        double remaining = (total - done) / rate;
        assertTrue(line.startsWith("epoch 3:  45%|"), line);
        assertTrue(line.contains("| 45/100 ["), line);
        assertTrue(line.contains("[" + Progress.clock(seconds) + "<" + Progress.clock(remaining) + ","), line);
        assertEquals("00:12", Progress.clock(seconds));
        assertTrue(line.contains(String.format(Locale.ROOT, "%.2f it/s", rate)), line);
        assertTrue(line.endsWith(", loss=0.4123]"), line);
    }

    @Test
    void barGrowsWithTheFraction() {
        String quarter = Progress.format(25, 100, 1_000_000_000L, "", Map.of());
        String full = Progress.format(100, 100, 1_000_000_000L, "", Map.of());
        String bar = quarter.substring(quarter.indexOf('|') + 1, quarter.lastIndexOf('|'));
        String fullBar = full.substring(full.indexOf('|') + 1, full.lastIndexOf('|'));
        assertEquals(bar.length(), fullBar.length(), "the bar keeps its width");
        assertEquals(5, bar.chars().filter(c -> c == '█').count(), "a quarter of 20 cells: " + bar);
        assertEquals(20, fullBar.chars().filter(c -> c == '█').count());
        assertTrue(full.startsWith("100%|"), full);
    }

    @Test
    void slowLoopsShowSecondsPerStepAndLongRunsShowHours() {
        String slow = Progress.format(2, 10, 10_000_000_000L, "", Map.of());
        assertTrue(slow.contains("5.00 s/it"), slow);
        assertEquals("1:01:01", Progress.clock(3661));
    }

    @Test
    void unknownTotalShowsCountAndRateWithoutEta() {
        String line = Progress.format(30, -1, 3_000_000_000L, "", Map.of());
        assertTrue(line.startsWith("30 it [00:03, 10.00 it/s"), line);
        assertFalse(line.contains("%"), line);
    }

    @Test
    void inANotebookTheLineUpdatesInPlaceAtMostFourTimesASecond() {
        FakeClock clock = new FakeClock();
        try (var sink = new RecordingSink(true)) {
            int n = 100;
            var progress = new Progress<>(numbers(n), n, "train", clock);
            int seen = 0;
            for (int item : progress) {
                assertEquals(seen, item);
                seen++;
                progress.set("loss", 1.0 / seen);
                clock.advanceMillis(20);   // 2 s in all
            }
            assertEquals(n, seen);
            assertEquals(1, sink.of("show").size(), "shown once");
            long allowed = (long) (n * 20 / (Throttle.DEFAULT_INTERVAL_NANOS / 1e6)) + 1;   // + the final redraw
            assertTrue(sink.of("update").size() <= allowed, sink.of("update").size() + " updates, allowed " + allowed);
            var last = sink.events.get(sink.events.size() - 1);
            assertInstanceOf(Progress.Line.class, last.value());
            String text = last.value().toString();
            assertTrue(text.startsWith("train: 100%|"), text);
            assertTrue(text.contains(n + "/" + n), text);
            assertTrue(text.contains("[00:02<00:00, 50.00 it/s"), text);
            assertTrue(text.contains("loss=" + 1.0 / n), text);
        }
    }

    @Test
    void aSlowFirstStepDoesNotDragTheRateForTheWholeRun() {
        FakeClock clock = new FakeClock();
        try (var sink = new RecordingSink(true)) {
            var progress = new Progress<>(numbers(100), 100, "", clock);
            for (int item : progress) {
                clock.advanceMillis(item == 0 ? 2000 : 10);   // a cold start, then 100 steps a second
            }
            String text = sink.events.get(sink.events.size() - 1).value().toString();
            double overall = 100 / 2.99;
            double shown = Double.parseDouble(text.replaceAll(".*, ([0-9.]+) it/s.*", "$1"));
            assertTrue(shown > 80 && shown <= 100, "rate " + shown + " should follow the recent steps, not the average "
                    + overall + ": " + text);
        }
    }

    @Test
    void inATerminalALineIsPrintedEveryTenPercent() {
        FakeClock clock = new FakeClock();
        try (var sink = new RecordingSink(false)) {
            var progress = new Progress<>(numbers(200), 200, "", clock);
            for (int ignored : progress) {
                clock.advanceMillis(1);
            }
            assertTrue(sink.of("update").isEmpty(), "a terminal cannot update in place");
            List<String> lines = sink.of("show").stream().map(e -> e.value().toString()).toList();
            assertEquals(11, lines.size(), "0%, 10%, ..., 100%: " + lines);
            for (int i = 0; i < lines.size(); i++) {
                assertTrue(lines.get(i).startsWith(String.format(Locale.ROOT, "%3d%%", 10 * i)), lines.get(i));
            }
        }
    }

    @Test
    void stepsCountWhenTheNextItemIsAskedFor() {
        FakeClock clock = new FakeClock();
        try (var ignored = new RecordingSink(true)) {
            var progress = new Progress<>(numbers(3), 3, "", clock);
            Iterator<Integer> it = progress.iterator();
            it.next();
            assertEquals(0, progress.count(), "the first item is still being worked on");
            it.next();
            assertEquals(1, progress.count());
            it.next();
            assertFalse(it.hasNext());
            assertEquals(3, progress.count());
        }
    }

    @Test
    void breakingOutAndClosingDrawsTheLastState() {
        FakeClock clock = new FakeClock();
        try (var sink = new RecordingSink(true)) {
            try (var progress = new Progress<>(numbers(10), 10, "", clock)) {
                for (int item : progress) {
                    if (item == 4) {
                        break;
                    }
                }
            }
            String text = sink.events.get(sink.events.size() - 1).value().toString();
            assertTrue(text.contains("4/10"), text);
        }
    }

    @Test
    void totalComesFromACollectionOrASizeMethod() {
        try (var ignored = new RecordingSink(true)) {
            assertTrue(Progress.over(new ArrayList<>(numbers(7))).line().contains("0/7"));
            assertTrue(Progress.over(new Sized(12)).line().contains("0/12"), Progress.over(new Sized(12)).line());
            Iterable<Integer> unsized = () -> numbers(3).iterator();
            assertTrue(Progress.over(unsized).line().startsWith("0 it"), Progress.over(unsized).line());
            assertTrue(Progress.range(5, "epochs").line().contains("0/5"));
        }
    }

    /** An iterable that knows its size the way a data loader does. */
    public static final class Sized implements Iterable<Integer> {
        private final int n;

        Sized(int n) {
            this.n = n;
        }

        public int size() {
            return n;
        }

        @Override
        public Iterator<Integer> iterator() {
            return numbers(n).iterator();
        }
    }

    @Test
    void aProgressLineWrapsOnePass() {
        try (var ignored = new RecordingSink(true)) {
            var progress = Progress.over(numbers(2));
            for (int ignoredItem : progress) {
                // one pass
            }
            var again = assertThrows(IllegalStateException.class, progress::iterator);
            assertTrue(again.getMessage().contains("new one"), again.getMessage());
        }
    }

    @Test
    void aLineThatCannotBeShownDoesNotStopTheLoop() {
        DisplaySink previous = Display.sink();
        PrintStream err = System.err;
        var warnings = new ByteArrayOutputStream();
        Display.setSink(new DisplaySink() {
            @Override
            public void show(Object value, String id) {
                throw new IllegalStateException("no frontend");
            }

            @Override
            public void update(String id, Object value) {
                throw new IllegalStateException("no frontend");
            }
        });
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        int seen = 0;
        try {
            for (int ignored : Progress.over(numbers(50))) {
                seen++;
            }
        } finally {
            System.setErr(err);
            Display.setSink(previous);
        }
        assertEquals(50, seen);
        String text = warnings.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.contains("no frontend"), text);
    }

    @Test
    void manualStepsAdvanceTheLine() {
        FakeClock clock = new FakeClock();
        try (var sink = new RecordingSink(true)) {
            var progress = new Progress<Void>(List.of(), 4, "steps", clock);
            for (int i = 0; i < 4; i++) {
                clock.advanceMillis(500);
                progress.step();
            }
            progress.close();
            assertEquals(4, progress.count());
            String text = sink.events.get(sink.events.size() - 1).value().toString();
            assertTrue(text.contains("4/4 [00:02<00:00, 2.00 it/s]"), text);
        }
    }
}
