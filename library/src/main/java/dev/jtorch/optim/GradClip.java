package dev.jtorch.optim;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}:
 * call between {@code loss.backward()} and {@code optimizer.step()}.
 *
 * <pre>{@code
 * loss.backward();
 * GradClip.clipGradNorm_(model.parameters(), 1.0);
 * optimizer.step();
 * }</pre>
 */
public final class GradClip {
    private GradClip() {
    }

    /**
     * Scales all gradients together so that their joint 2-norm is at most {@code maxNorm};
     * returns the norm they had before (a scalar tensor). Parameters without a gradient are
     * skipped.
     */
    public static Tensor clipGradNorm_(Iterable<? extends Tensor> params, double maxNorm) {
        return clipGradNorm_(params, maxNorm, 2);
    }

    /**
     * Scales all gradients together so that their joint {@code normType}-norm (p-norm, or
     * the largest absolute value for {@code Double.POSITIVE_INFINITY}) is at most
     * {@code maxNorm}; returns the norm before clipping.
     */
    public static Tensor clipGradNorm_(Iterable<? extends Tensor> params, double maxNorm, double normType) {
        if (!(normType > 0)) {
            throw new IllegalArgumentException("clipGradNorm_: normType must be > 0 (or infinity), got " + normType);
        }
        try (var ignored = Torch.noGrad()) {
            return clipByNorm(grads(params), maxNorm, normType);
        }
    }

    private static Tensor clipByNorm(List<Tensor> grads, double maxNorm, double normType) {
        double total = 0;
        for (Tensor g : grads) {
            DenseFloats d = DenseFloats.of(g);
            int n = g.numel();
            for (int i = 0; i < n; i++) {
                double x = Math.abs(d.a[d.off + i]);
                if (normType == Double.POSITIVE_INFINITY) {
                    total = Math.max(total, x);
                } else {
                    total += normType == 2 ? x * x : Math.pow(x, normType);
                }
            }
        }
        if (normType != Double.POSITIVE_INFINITY) {
            total = normType == 2 ? Math.sqrt(total) : Math.pow(total, 1 / normType);
        }
        // PyTorch's coefficient, with 1e-6 guarding against a zero norm.
        float coef = (float) Math.min(maxNorm / (total + 1e-6), 1.0);
        if (coef < 1) {
            for (Tensor g : grads) {
                DenseFloats d = DenseFloats.of(g);
                int n = g.numel();
                for (int i = 0; i < n; i++) {
                    d.a[d.off + i] *= coef;
                }
                d.commit();
            }
        }
        return Torch.scalar(total);
    }

    /** Clamps every gradient element into {@code [-clipValue, clipValue]}, in place. */
    public static void clipGradValue_(Iterable<? extends Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clipGradValue_: clipValue must be >= 0, got " + clipValue);
        }
        float c = (float) clipValue;
        try (var ignored = Torch.noGrad()) {
            for (Tensor g : grads(params)) {
                DenseFloats d = DenseFloats.of(g);
                int n = g.numel();
                for (int i = 0; i < n; i++) {
                    d.a[d.off + i] = Math.max(-c, Math.min(c, d.a[d.off + i]));
                }
                d.commit();
            }
        }
    }

    private static List<Tensor> grads(Iterable<? extends Tensor> params) {
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : params) {
            if (p.grad() != null) {
                grads.add(p.grad());
            }
        }
        return grads;
    }
}
