package dev.jtorch;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Gradients on random shapes (1-sized dims, broadcasting, transposed views inside the graph, empty
 * tensors) against finite differences, for the arithmetic, elementwise, reduction and matrix ops
 * a network is made of. Each case names its op and shapes when it fails.
 */
class GradientsPropertyTest {
    private static final int CASES = 120;
    private final Random random = new Random(2026);

    private int[] randomShape(int minRank) {
        int rank = minRank + random.nextInt(4 - minRank);
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = random.nextInt(3) == 0 ? 1 : 1 + random.nextInt(4);
        }
        return shape;
    }

    /** Drops some leading dims and turns some dims into 1, so that the two shapes broadcast. */
    private int[] broadcastPartner(int[] shape) {
        int[] partner = Arrays.copyOfRange(shape, random.nextInt(shape.length + 1), shape.length);
        for (int d = 0; d < partner.length; d++) {
            if (random.nextInt(3) == 0) {
                partner[d] = 1;
            }
        }
        return partner;
    }

    /** Values in [0.5, 1.5]: away from the poles of div and log. */
    private static Tensor positive(int... shape) {
        return rand(shape).add(0.5);
    }

    private static void check(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        StringBuilder shapes = new StringBuilder(what);
        for (Tensor input : inputs) {
            shapes.append(' ').append(Arrays.toString(input.shape()));
        }
        try {
            GradCheck.check(f, inputs);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(shapes + ": " + e.getMessage(), e);
        }
    }

    @Test
    void broadcastArithmeticOnRandomShapes() {
        manualSeed(1);
        for (int c = 0; c < CASES; c++) {
            int[] shape = randomShape(0);
            Tensor a = randn(shape);
            Tensor b = randn(broadcastPartner(shape));
            boolean swap = random.nextBoolean();
            Tensor x = swap ? b : a;
            Tensor y = swap ? a : b;
            switch (c % 4) {
                case 0 -> check("add", t -> t[0].add(t[1]), x, y);
                case 1 -> check("sub", t -> t[0].sub(t[1]), x, y);
                case 2 -> check("mul", t -> t[0].mul(t[1]), x, y);
                default -> check("div", t -> t[0].div(t[1]), x, positive(y.shape()));
            }
        }
    }

    @Test
    void elementwiseOpsOnTransposedViews() {
        manualSeed(2);
        String[] names = {"exp", "tanh", "sigmoid", "sin", "pow(2)", "log"};
        for (int c = 0; c < CASES; c++) {
            int[] shape = randomShape(2);
            String name = names[c % names.length];
            Function<Tensor, Tensor> op = switch (name) {
                case "exp" -> Tensor::exp;
                case "tanh" -> Tensor::tanh;
                case "sigmoid" -> Tensor::sigmoid;
                case "sin" -> Tensor::sin;
                case "pow(2)" -> t -> t.pow(2);
                default -> Tensor::log;
            };
            Tensor input = name.equals("log") ? positive(shape) : randn(shape);
            // The op runs on a transposed view, and its result feeds a broadcast multiply.
            Tensor scale = randn(shape.length == 2 ? shape[0] : shape[shape.length - 1]);
            check(name + " of a transposed view", t -> op.apply(t[0].transpose(0, 1)).mul(t[1]), input, scale);
        }
    }

    @Test
    void reductionsAndSoftmaxOverRandomDims() {
        manualSeed(3);
        String[] names = {"sum", "mean", "softmax", "logSoftmax"};
        for (int c = 0; c < CASES; c++) {
            int[] shape = randomShape(1);
            int dim = random.nextInt(shape.length);
            boolean keepDim = random.nextBoolean();
            String name = names[c % names.length];
            Function<Tensor, Tensor> op = switch (name) {
                case "sum" -> t -> t.sum(dim, keepDim);
                case "mean" -> t -> t.mean(dim, keepDim);
                case "softmax" -> t -> t.softmax(dim);
                default -> t -> t.logSoftmax(dim);
            };
            check(name + " over dim " + dim + (keepDim ? " keeping it" : ""), t -> op.apply(t[0]), randn(shape));
        }
    }

    @Test
    void matrixProductsOfRandomSizes() {
        manualSeed(4);
        for (int c = 0; c < CASES / 2; c++) {
            int m = 1 + random.nextInt(4);
            int k = 1 + random.nextInt(4);
            int n = 1 + random.nextInt(4);
            Tensor a = randn(m, k);
            Tensor b = randn(k, n);
            switch (c % 3) {
                case 0 -> check("matmul", t -> t[0].matmul(t[1]), a, b);
                case 1 -> check("matmul of transposed operands",
                        t -> t[1].transpose(0, 1).matmul(t[0].transpose(0, 1)), a, b);
                default -> check("batched matmul", t -> t[0].matmul(t[1]), randn(2, m, k), b);
            }
        }
    }

    @Test
    void emptyTensorsGetEmptyGradients() {
        for (int[] shape : new int[][]{{0}, {0, 3}, {2, 0, 4}}) {
            Tensor x = randn(shape).requiresGrad_(true);
            Tensor y = randn(shape[shape.length - 1]).requiresGrad_(true);
            x.mul(y).exp().sum().backward();
            assertArrayEquals(shape, x.grad().shape(), Arrays.toString(shape));
            assertArrayEquals(new float[shape[shape.length - 1]], y.grad().toFloatArray(), Arrays.toString(shape));
        }
    }
}
