package dev.jtorch.kernel.wire;

import java.util.LinkedHashSet;
import java.util.Iterator;

/**
 * Remembers the signatures of accepted messages so that a message sent twice (a replay) is
 * refused. Keeps the most recent {@code capacity} signatures, as jupyter_client's digest history does.
 */
public final class ReplayGuard {

    private final int capacity;
    private final LinkedHashSet<String> seen = new LinkedHashSet<>();

    /** A guard remembering up to {@code capacity} signatures. */
    public ReplayGuard(int capacity) {
        this.capacity = capacity;
    }

    /** True the first time {@code signature} is offered, false on every later time. */
    public synchronized boolean firstSighting(String signature) {
        if (!seen.add(signature)) {
            return false;
        }
        if (seen.size() > capacity) {
            Iterator<String> oldest = seen.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }
}
