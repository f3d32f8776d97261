package dev.jtorch;

/** Whether operations record the autograd graph on the current thread (on by default). */
final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[]{true});
    private static final ThreadLocal<boolean[]> IN_BACKWARD = ThreadLocal.withInitial(() -> new boolean[1]);
    private static volatile boolean anomaly;

    private GradMode() {
    }

    static boolean enabled() {
        return ENABLED.get()[0];
    }

    static boolean set(boolean on) {
        boolean[] flag = ENABLED.get();
        boolean before = flag[0];
        flag[0] = on;
        return before;
    }

    static boolean anomaly() {
        return anomaly;
    }

    /** Whether forward outputs are checked for NaN/Inf: on in anomaly mode, except inside a backward function. */
    static boolean checkForward() {
        return anomaly && !IN_BACKWARD.get()[0];
    }

    /** Runs one backward function; anomaly mode then checks its results, not the ops it is made of. */
    static <T> T inBackward(java.util.function.Supplier<T> body) {
        boolean[] flag = IN_BACKWARD.get();
        boolean before = flag[0];
        flag[0] = true;
        try {
            return body.get();
        } finally {
            flag[0] = before;
        }
    }

    static boolean setAnomaly(boolean on) {
        boolean before = anomaly;
        anomaly = on;
        return before;
    }
}
