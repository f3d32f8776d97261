package dev.jtorch.viz;

import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when told to. */
final class FakeClock implements LongSupplier {

    long nanos = 1_000_000_000L;

    @Override
    public long getAsLong() {
        return nanos;
    }

    void advanceMillis(double millis) {
        nanos += (long) (millis * 1_000_000);
    }
}
