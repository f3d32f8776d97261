package dev.jtorch.kernel.wire;

/** An incoming message that cannot be accepted: malformed, unsigned, badly signed or replayed. */
public final class WireException extends Exception {

    /** An exception whose message says why the frames were refused. */
    public WireException(String reason) {
        super(reason);
    }
}
