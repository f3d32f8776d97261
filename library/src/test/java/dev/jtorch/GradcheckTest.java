package dev.jtorch;

import static dev.jtorch.Torch.*;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every differentiable op of the core, against finite differences. */
class GradcheckTest {

    @BeforeEach
    void seed() {
        manualSeed(7);
    }

    /** Values in [0.5, 1.5]: away from the kinks of abs/relu and the poles of log/div. */
    private static Tensor positive(int... shape) {
        return rand(shape).add(0.5);
    }

    @Test
    void arithmeticWithBroadcasting() {
        GradCheck.check(x -> x[0].add(x[1]), randn(3, 4), randn(4));
        GradCheck.check(x -> x[0].sub(x[1]), randn(3, 1), randn(1, 4));
        GradCheck.check(x -> x[0].mul(x[1]), randn(2, 3, 4), randn(3, 1));
        GradCheck.check(x -> x[0].div(x[1]), randn(3, 4), positive(4));
        GradCheck.check(x -> x[0].add(x[1], 0.5), randn(3, 4), randn(3, 4));
        GradCheck.check(x -> x[0].mul(3).sub(1).div(2).add(5), randn(5));
    }

    @Test
    void powers() {
        GradCheck.check(x -> x[0].pow(3), randn(4));
        GradCheck.check(x -> x[0].pow(0.5), positive(4));
        GradCheck.check(x -> x[0].pow(x[1]), positive(3), randn(3));
        GradCheck.check(x -> x[0].square(), randn(4));
        GradCheck.check(x -> x[0].reciprocal(), positive(4));
    }

    @Test
    void unaryFunctions() {
        GradCheck.check(x -> x[0].neg(), randn(4));
        GradCheck.check(x -> x[0].exp(), randn(4));
        GradCheck.check(x -> x[0].log(), positive(4));
        GradCheck.check(x -> x[0].sqrt(), positive(4));
        GradCheck.check(x -> x[0].rsqrt(), positive(4));
        GradCheck.check(x -> x[0].abs(), positive(4).mul(tensor(new float[]{1, -1, 1, -1})));
        GradCheck.check(x -> x[0].sigmoid(), randn(4));
        GradCheck.check(x -> x[0].tanh(), randn(4));
        GradCheck.check(x -> x[0].relu(), positive(4).mul(tensor(new float[]{1, -1, 1, -1})));
        GradCheck.check(x -> x[0].sin(), randn(4));
        GradCheck.check(x -> x[0].cos(), randn(4));
        GradCheck.check(x -> x[0].clamp(-0.5, 0.5), tensor(new float[]{-1, -0.2f, 0.3f, 0.9f}));
        GradCheck.check(x -> x[0].maximum(x[1]), tensor(new float[]{1, 2, 3}), tensor(new float[]{2, 1, 4}));
        GradCheck.check(x -> x[0].minimum(x[1]), tensor(new float[]{1, 2, 3}), tensor(new float[]{2, 1, 4}));
    }

    @Test
    void reductions() {
        GradCheck.check(x -> x[0].sum(), randn(3, 4));
        GradCheck.check(x -> x[0].sum(1), randn(3, 4));
        GradCheck.check(x -> x[0].sum(new int[]{0, 2}, true), randn(2, 3, 4));
        GradCheck.check(x -> x[0].mean(), randn(3, 4));
        GradCheck.check(x -> x[0].mean(0, true), randn(3, 4));
        GradCheck.check(x -> x[0].var(), randn(6));
        GradCheck.check(x -> x[0].std(1, true, false), randn(3, 5));
        GradCheck.check(x -> x[0].max(1).values(), tensor(new float[][]{{1, 5, 2}, {7, 0, 3}}));
        GradCheck.check(x -> x[0].min(0, true).values(), tensor(new float[][]{{1, 5, 2}, {7, 0, 3}}));
        GradCheck.check(x -> x[0].max(), tensor(new float[]{1, 5, 2}));
        GradCheck.check(x -> x[0].logsumexp(1), randn(3, 4));
        GradCheck.check(x -> x[0].softmax(1), randn(3, 4));
        GradCheck.check(x -> x[0].softmax(0), randn(3, 4));
        GradCheck.check(x -> x[0].logSoftmax(1), randn(3, 4));
        GradCheck.check(x -> x[0].norm(), randn(5));
    }

    @Test
    void viewsAndShapes() {
        GradCheck.check(x -> x[0].view(4, 3).mul(x[0].view(4, 3)), randn(3, 4));
        GradCheck.check(x -> x[0].reshape(2, -1).exp(), randn(2, 3, 2));
        GradCheck.check(x -> x[0].t().matmul(x[1]), randn(3, 4), randn(3, 2));
        GradCheck.check(x -> x[0].permute(2, 0, 1).contiguous().exp(), randn(2, 3, 4));
        GradCheck.check(x -> x[0].unsqueeze(1).squeeze(1).exp(), randn(3));
        GradCheck.check(x -> x[0].expand(3, 4).exp(), randn(1, 4));
        GradCheck.check(x -> x[0].narrow(1, 1, 2).exp(), randn(3, 4));
        GradCheck.check(x -> x[0].select(0, 1).exp(), randn(3, 4));
        GradCheck.check(x -> x[0].chunk(2, 1)[1].exp(), randn(3, 4));
        GradCheck.check(x -> x[0].split(3, 0)[0].exp(), randn(5, 2));
        GradCheck.check(x -> x[0].flatten(1).exp(), randn(2, 3, 2));
        GradCheck.check(x -> cat(new Tensor[]{x[0], x[1]}, 1).exp(), randn(2, 3), randn(2, 2));
        GradCheck.check(x -> stack(new Tensor[]{x[0], x[1]}, 0).exp(), randn(2, 3), randn(2, 3));
        GradCheck.check(x -> x[0].clone().exp(), randn(3));
    }

    @Test
    void indexing() {
        Tensor index = tensor(new long[]{2, 0, 2});
        GradCheck.check(x -> x[0].indexSelect(0, index), randn(3, 4));
        GradCheck.check(x -> x[0].indexSelect(1, index), randn(2, 3));
        Tensor gatherIndex = tensor(new long[][]{{0, 2}, {1, 1}});
        GradCheck.check(x -> x[0].gather(1, gatherIndex), randn(2, 3));
        GradCheck.check(x -> x[0].scatterAdd(1, gatherIndex, x[1]), randn(2, 3), randn(2, 2));
        Tensor mask = tensor(new boolean[]{true, false, true, false});
        GradCheck.check(x -> x[0].maskedFill(mask, 0), randn(3, 4));
        GradCheck.check(x -> x[0].maskedSelect(mask), randn(3, 4));
        GradCheck.check(x -> where(mask, x[0], x[1]), randn(3, 4), randn(4));
    }

    @Test
    void matrixProducts() {
        GradCheck.check(x -> x[0].matmul(x[1]), randn(3, 4), randn(4, 2));
        GradCheck.check(x -> x[0].matmul(x[1]), randn(4), randn(4));
        GradCheck.check(x -> x[0].matmul(x[1]), randn(4), randn(4, 3));
        GradCheck.check(x -> x[0].matmul(x[1]), randn(2, 4), randn(4));
        GradCheck.check(x -> x[0].matmul(x[1]), randn(2, 3, 4), randn(4, 2));
        GradCheck.check(x -> x[0].matmul(x[1]), randn(2, 1, 3, 4), randn(3, 4, 2));
    }

    @Test
    void inPlaceOnNonLeaf() {
        GradCheck.check(x -> x[0].mul(2).add_(x[1]).exp(), randn(3), randn(3));
        GradCheck.check(x -> x[0].mul(x[1]).mul_(3).div_(5).sub_(x[1]), randn(3), randn(3));
    }

    @Test
    void secondDerivativesThroughCreateGraph() {
        GradCheck.check(x -> Autograd.grad(x[0].pow(3).sum(), x[0], true)[0], randn(4));
        GradCheck.check(x -> Autograd.grad(x[0].tanh().mul(x[1]).sum(), x[0], true)[0], randn(3), randn(3));
        GradCheck.check(x -> Autograd.grad(x[0].softmax(0).mul(x[1]).sum(), x[0], true)[0], randn(4), randn(4));
    }
}
