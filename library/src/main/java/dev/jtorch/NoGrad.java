package dev.jtorch;

/**
 * A scope in which no autograd graph is recorded, like {@code with torch.no_grad():}.
 * Closing it restores the previous mode, so scopes nest.
 *
 * <pre>{@code
 * try (var g = noGrad()) {
 *     var accuracy = model.forward(x).argmax(1).eq(y).toFloat().mean();
 * }
 * }</pre>
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;

    NoGrad(boolean enable) {
        previous = GradMode.set(enable);
    }

    /** Whether gradients are being recorded on this thread now. */
    public static boolean isGradEnabled() {
        return GradMode.enabled();
    }

    @Override
    public void close() {
        GradMode.set(previous);
    }
}
