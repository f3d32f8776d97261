package dev.jtorch;

/** Whether operations record the autograd graph on the current thread (on by default). */
final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[]{true});
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

    static boolean setAnomaly(boolean on) {
        boolean before = anomaly;
        anomaly = on;
        return before;
    }
}
