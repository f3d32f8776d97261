package dev.jtorch.viz;

import dev.jtorch.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A progress line for a loop, like Python's tqdm: steps done out of the total, a bar, the
 * elapsed time, the time left, the rate and a few values of your choosing.
 *
 * <pre>{@code
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     var bar = Progress.over(trainLoader, "epoch " + (epoch + 1));
 *     for (var batch : bar) {
 *         ...
 *         bar.set("loss", loss.item());
 *     }
 * }
 * // epoch 3:  45%|█████████▍           | 45/100 [00:12<00:15, 3.61 it/s, loss=0.4123]
 * }</pre>
 *
 * <p>In a notebook the line is shown once and redrawn in place through {@link Display}, at
 * most four times a second. Where outputs cannot be redrawn (a terminal, a log file: the
 * sink's {@link DisplaySink#updatesInPlace()} is false) a new line is printed every 10% of
 * the total (every 100 steps when the total is unknown) and at the end.
 *
 * <p>The total is the size of a {@link Collection}, or what a public no-argument
 * {@code size()}, {@code len()} or {@code length()} method of the iterable returns (a data
 * loader's number of batches); otherwise it is unknown and the line shows the count and the
 * rate only. A step counts as done when the loop asks for the next item, so the line reads
 * "3/10" while the body of the fourth iteration runs, as tqdm's does.
 *
 * @param <T> the type of the items
 */
public final class Progress<T> implements Iterable<T>, AutoCloseable, LiveOutput {

    private static final int BAR_WIDTH = 20;
    private static final String[] PARTIAL_BLOCKS = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    private static final int PRINT_EVERY_PERCENT = 10;
    private static final int PRINT_EVERY_STEPS_UNKNOWN_TOTAL = 100;
    private static final double RATE_SMOOTHING = 0.3;   // tqdm's: the weight of the latest interval

    private final Iterable<T> items;
    private final long total;   // -1 when unknown
    private final String description;
    private final Throttle throttle;
    private final Map<String, Double> postfix = new LinkedHashMap<>();
    private final long startNanos;
    private long done;
    private boolean iterated;
    private boolean closed;
    private String displayId;
    private boolean inPlace;
    private long lastPrintedBucket = -1;
    private boolean dirty;
    private boolean drawingFailed;
    // The rate is a moving average over the intervals between draws, so that a slow first
    // step (class loading, a cold cache) does not drag the rate and time left for the whole run.
    private double rateAverage;
    private double rateWeight;
    private long rateDone;
    private long rateNanos;

    /** The text shown: a record so that notebooks render it as plain text. */
    public record Line(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    Progress(Iterable<T> items, long total, String description, LongSupplier nanoClock) {
        if (total < -1) {
            throw new IllegalArgumentException("Progress: total must be >= 0 (or unknown), got " + total);
        }
        this.items = items;
        this.total = total;
        this.description = description == null ? "" : description;
        this.throttle = new Throttle(nanoClock, Throttle.DEFAULT_INTERVAL_NANOS);
        this.startNanos = nanoClock.getAsLong();
        this.rateNanos = startNanos;
    }

    /** Wraps {@code items}: iterate the result instead, and the line follows the loop. */
    public static <T> Progress<T> over(Iterable<T> items) {
        return over(items, "");
    }

    /** Wraps {@code items} under a description such as {@code "epoch 1"}. */
    public static <T> Progress<T> over(Iterable<T> items, String description) {
        Objects.requireNonNull(items, "Progress.over: items");
        return new Progress<>(items, sizeOf(items), description, System::nanoTime);
    }

    /** Wraps {@code items}, of which there are {@code total}. */
    public static <T> Progress<T> over(Iterable<T> items, long total, String description) {
        Objects.requireNonNull(items, "Progress.over: items");
        return new Progress<>(items, total, description, System::nanoTime);
    }

    /** The integers 0 .. n-1 with a progress line: {@code for (int epoch : Progress.range(10, "epochs"))}. */
    public static Progress<Integer> range(int n, String description) {
        if (n < 0) {
            throw new IllegalArgumentException("Progress.range: n must be >= 0, got " + n);
        }
        return new Progress<>(() -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public Integer next() {
                if (next >= n) {
                    throw new NoSuchElementException();
                }
                return next++;
            }
        }, n, description, System::nanoTime);
    }

    /** The integers 0 .. n-1 with a progress line. */
    public static Progress<Integer> range(int n) {
        return range(n, "");
    }

    /**
     * A progress line advanced by hand with {@link #step()}, for loops that are not over an
     * iterable: {@code var p = Progress.of(1000, "steps"); ... p.step(); ... p.close();}.
     * A {@code total} of -1 means unknown.
     */
    public static Progress<Void> of(long total, String description) {
        return new Progress<>(List.of(), total, description, System::nanoTime);
    }

    private static long sizeOf(Iterable<?> items) {
        if (items instanceof Collection<?> collection) {
            return collection.size();
        }
        for (String name : new String[]{"size", "len", "length"}) {
            try {
                Method method = items.getClass().getMethod(name);
                Class<?> type = method.getReturnType();
                if (Modifier.isStatic(method.getModifiers()) || !(type == int.class || type == long.class)) {
                    continue;
                }
                method.setAccessible(true);
                return ((Number) method.invoke(items)).longValue();
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Not a size we can read (absent, or the class is not accessible): try the next name.
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- use

    /**
     * Iterates the wrapped items once, advancing the line as the loop goes; the line is
     * drawn a last time when the items run out.
     */
    @Override
    public Iterator<T> iterator() {
        synchronized (this) {
            if (iterated) {
                throw new IllegalStateException("Progress: this progress line has already been iterated; "
                        + "make a new one for each pass, e.g. Progress.over(loader, \"epoch \" + epoch) inside the epoch loop");
            }
            iterated = true;
        }
        Iterator<T> source = items.iterator();
        start();
        return new Iterator<>() {
            private boolean started;

            @Override
            public boolean hasNext() {
                boolean more = source.hasNext();
                if (!more) {
                    if (started) {
                        started = false;
                        step();
                    }
                    close();
                }
                return more;
            }

            @Override
            public T next() {
                T item = source.next();
                if (started) {
                    step();
                }
                started = true;
                return item;
            }
        };
    }

    /** Marks one step done. */
    public void step() {
        step(1);
    }

    /** Marks {@code n} steps done. */
    public synchronized void step(long n) {
        start();
        done += n;
        dirty = true;
        long now = throttle.now();
        if (inPlace) {
            if (throttle.due(now)) {
                draw(now);
            }
        } else if (printBucket() > lastPrintedBucket) {
            draw(now);
        }
    }

    /** Shows {@code name=value} at the end of the line (the last loss, an accuracy). Cheap: drawn with the line. */
    public synchronized Progress<T> set(String name, double value) {
        postfix.put(name, value);
        dirty = true;
        return this;
    }

    /** Shows a one-element tensor (a loss) as {@code name=value}: {@code bar.set("loss", loss)}. */
    public Progress<T> set(String name, Tensor value) {
        return set(name, TrainingHistory.scalar("set", name, value));
    }

    /** Draws the line a last time. Called when the loop's items run out; call it yourself after a {@code break}. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        start();
        closed = true;
        if (dirty || !inPlace && lastPrintedBucket < printBucket()) {
            draw(throttle.now());
        }
        Display.unregister(this);
    }

    /** Draws the pending changes (the kernel calls this when a cell ends). */
    @Override
    public synchronized void flush() {
        if (dirty && displayId != null) {
            draw(throttle.now());
        }
    }

    /** The steps done so far. */
    public synchronized long count() {
        return done;
    }

    /** The current line, as it would be shown now. */
    public synchronized String line() {
        return format(done, total, throttle.now() - startNanos, rate(throttle.now()), description, postfix);
    }

    /** Steps per second: the moving average once there is one, else the average since the start. */
    private double rate(long now) {
        if (rateWeight > 0) {
            return rateAverage / rateWeight;
        }
        double seconds = (now - startNanos) / 1e9;
        return seconds > 0 ? done / seconds : 0;
    }

    private void sampleRate(long now) {
        long steps = done - rateDone;
        long nanos = now - rateNanos;
        if (steps > 0 && nanos > 0) {
            double latest = steps / (nanos / 1e9);
            rateAverage = RATE_SMOOTHING * latest + (1 - RATE_SMOOTHING) * rateAverage;
            rateWeight = RATE_SMOOTHING + (1 - RATE_SMOOTHING) * rateWeight;   // debiases the early average
            rateDone = done;
            rateNanos = now;
        }
    }

    @Override
    public String toString() {
        return line();
    }

    private void start() {
        synchronized (this) {
            if (displayId != null || closed) {
                return;
            }
            inPlace = Display.sink().updatesInPlace();
            displayId = Display.newId();
            if (inPlace) {
                Display.register(this);
            }
            send(throttle.now(), true);
        }
    }

    private void draw(long now) {
        sampleRate(now);
        send(now, false);
    }

    private void send(long now, boolean first) {
        if (drawingFailed) {
            return;
        }
        Line line = new Line(format(done, total, now - startNanos, rate(now), description, postfix));
        try {
            if (!inPlace) {
                Display.show(line);
                lastPrintedBucket = printBucket();
            } else if (first) {
                Display.show(line, displayId);
            } else {
                Display.update(displayId, line);
            }
        } catch (RuntimeException e) {
            // A line that cannot be shown must not stop the loop it follows.
            drawingFailed = true;
            System.err.println("Progress: could not show the progress line, so it stops; the loop goes on. Cause: "
                    + e.getMessage());
        }
        throttle.drew(now);
        dirty = false;
    }

    /** Which 10% slice (or 100-step block) the count is in: a terminal gets one line per slice. */
    private long printBucket() {
        if (total > 0) {
            return done * 100 / total / PRINT_EVERY_PERCENT;
        }
        return done / PRINT_EVERY_STEPS_UNKNOWN_TOTAL;
    }

    // ---------------------------------------------------------------- text

    /**
     * The line for {@code done} of {@code total} steps (-1: unknown) after {@code elapsedNanos}:
     * {@code "desc:  45%|█████████     | 45/100 [00:12<00:15, 3.61 it/s, loss=0.4123]"}.
     */
    static String format(long done, long total, long elapsedNanos, String description, Map<String, Double> postfix) {
        double seconds = elapsedNanos / 1e9;
        return format(done, total, elapsedNanos, seconds > 0 ? done / seconds : 0, description, postfix);
    }

    /** The line with a given rate (steps per second), from which the time left is computed. */
    static String format(long done, long total, long elapsedNanos, double rate, String description,
            Map<String, Double> postfix) {
        double seconds = elapsedNanos / 1e9;
        StringBuilder out = new StringBuilder();
        if (!description.isEmpty()) {
            out.append(description).append(": ");
        }
        if (total > 0) {
            double fraction = Math.min(1, (double) done / total);
            out.append(String.format(Locale.ROOT, "%3d%%|", (int) (fraction * 100)));
            appendBar(out, fraction);
            out.append("| ").append(done).append('/').append(total);
            out.append(" [").append(clock(seconds)).append('<');
            out.append(done > 0 && rate > 0 ? clock(Math.max(0, total - done) / rate) : "?");
        } else {
            out.append(done).append(" it [").append(clock(seconds));
        }
        out.append(", ").append(rate(done, seconds, rate));
        for (Map.Entry<String, Double> entry : postfix.entrySet()) {
            out.append(", ").append(entry.getKey()).append('=').append(number(entry.getValue()));
        }
        return out.append(']').toString();
    }

    private static void appendBar(StringBuilder out, double fraction) {
        int eighths = (int) (fraction * BAR_WIDTH * 8);
        int full = eighths / 8;
        out.append("█".repeat(full));
        if (full < BAR_WIDTH) {
            out.append(PARTIAL_BLOCKS[eighths % 8]);
            out.append(" ".repeat(BAR_WIDTH - full - (eighths % 8 > 0 ? 1 : 0)));
        }
    }

    /** Seconds as mm:ss, or h:mm:ss from an hour on. */
    static String clock(double seconds) {
        long s = (long) seconds;
        long h = s / 3600;
        long m = s % 3600 / 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", m, s % 60);
    }

    private static String rate(long done, double seconds, double rate) {
        if (done == 0 || seconds <= 0 || rate <= 0) {
            return "? it/s";
        }
        return rate >= 1 ? String.format(Locale.ROOT, "%.2f it/s", rate)
                : String.format(Locale.ROOT, "%.2f s/it", 1 / rate);
    }

    private static String number(double value) {
        return Numbers.significant(value, 4);
    }
}
