package dev.jtorch.viz;

import java.util.function.LongSupplier;

/**
 * Decides when a live output may redraw: at least {@code minIntervalNanos} apart, and
 * further apart when drawing is slow, so that drawing never takes more than about a fifth
 * of the caller's time (a big chart on a slow machine must not slow training down). The first
 * draw does not count: it pays once for loading fonts and classes, and taken as the measure
 * of every draw it would hold a fresh kernel's chart still for seconds.
 */
final class Throttle {

    static final long DEFAULT_INTERVAL_NANOS = 250_000_000L;
    private static final int SLOWDOWN = 4;   // wait four times as long as the last draw took

    private final LongSupplier clock;
    private final long minIntervalNanos;
    private long interval;
    private long lastDraw;
    private boolean drawn;

    Throttle(LongSupplier clock, long minIntervalNanos) {
        this.clock = clock;
        this.minIntervalNanos = minIntervalNanos;
        this.interval = minIntervalNanos;
    }

    long now() {
        return clock.getAsLong();
    }

    /** Whether enough time has passed since the last draw (always true before the first). */
    boolean due(long now) {
        return !drawn || now - lastDraw >= interval;
    }

    /** Records a draw that started at {@code start}; reads the clock once for its end. */
    void drew(long start) {
        long end = clock.getAsLong();
        interval = drawn ? Math.max(minIntervalNanos, SLOWDOWN * (end - start)) : minIntervalNanos;
        lastDraw = end;
        drawn = true;
    }
}
