package dev.jtorch;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Function;

/**
 * Checks an op's analytic gradient against central finite differences. The function's
 * output is weighted by fixed random numbers and summed, so every output element counts;
 * the differences and the comparison are computed in double precision.
 *
 * <pre>{@code
 * GradCheck.check(x -> x[0].mul(x[1]).sum(), randn(3, 4), randn(4));
 * }</pre>
 */
public final class GradCheck {
    private static final double EPS = 1e-2;
    private static final double ATOL = 2e-2;
    private static final double RTOL = 2e-2;

    private GradCheck() {
    }

    /** Fails the test with the worst mismatch when any gradient of {@code f} is wrong. */
    public static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            leaves[i] = inputs[i].detach().clone();
            if (leaves[i].dtype() == DType.FLOAT32) {
                leaves[i].requiresGrad_(true);
            }
        }
        Tensor out = f.apply(leaves);
        float[] weights = weightsFor(out.numel());
        Tensor weighted = out.mul(Torch.tensor(weights, out.shape())).sum();
        int[] differentiable = java.util.stream.IntStream.range(0, leaves.length)
                .filter(i -> leaves[i].dtype() == DType.FLOAT32).toArray();
        Tensor[] wrt = new Tensor[differentiable.length];
        for (int k = 0; k < wrt.length; k++) {
            wrt[k] = leaves[differentiable[k]];
        }
        Tensor[] analytic = Autograd.grad(new Tensor[]{weighted}, wrt, null, false, false);
        for (int k = 0; k < wrt.length; k++) {
            Tensor x = wrt[k];
            float[] a = analytic[k].toFloatArray();
            for (int j = 0; j < x.numel(); j++) {
                double numeric = numericDerivative(f, leaves, x, j, weights);
                if (Math.abs(a[j] - numeric) > ATOL + RTOL * Math.abs(numeric)) {
                    fail("gradient of input " + differentiable[k] + " (shape " + java.util.Arrays.toString(x.shape())
                            + ") at flat index " + j + ": analytic " + a[j] + " but finite differences give " + numeric);
                }
            }
        }
    }

    private static double numericDerivative(Function<Tensor[], Tensor> f, Tensor[] leaves, Tensor x, int j,
                                            float[] weights) {
        float[] data = x.storage.f;
        int at = x.offset + j;
        float original = data[at];
        try {
            data[at] = (float) (original + EPS);
            double plus = weightedSum(f.apply(leaves), weights);
            data[at] = (float) (original - EPS);
            double minus = weightedSum(f.apply(leaves), weights);
            return (plus - minus) / (2 * EPS);
        } finally {
            data[at] = original;
        }
    }

    private static double weightedSum(Tensor out, float[] weights) {
        float[] values = out.toFloatArray();
        double s = 0;
        for (int i = 0; i < values.length; i++) {
            s += (double) values[i] * weights[i];
        }
        return s;
    }

    private static float[] weightsFor(int n) {
        java.util.Random random = new java.util.Random(42);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.5 + random.nextDouble());
        }
        return w;
    }
}
