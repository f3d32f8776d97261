package dev.jtorch;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Random shapes (0- and 1-sized dims included), random layouts (transposed, narrowed,
 * expanded views): every op must give on a view exactly what it gives on a contiguous copy
 * of the same values.
 */
class StridedPathsPropertyTest {
    private static final int CASES = 300;
    private final java.util.Random random = new java.util.Random(2024);

    private int[] randomShape() {
        int rank = random.nextInt(4);
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            int r = random.nextInt(10);
            shape[d] = r == 0 ? 0 : r < 3 ? 1 : 1 + random.nextInt(5);
        }
        return shape;
    }

    /** Drops some leading dims and turns some dims into 1, so that the two shapes broadcast. */
    private int[] broadcastPartner(int[] shape) {
        int drop = shape.length == 0 ? 0 : random.nextInt(shape.length + 1);
        int[] partner = java.util.Arrays.copyOfRange(shape, drop, shape.length);
        for (int d = 0; d < partner.length; d++) {
            if (random.nextInt(3) == 0) {
                partner[d] = 1;
            }
        }
        return partner;
    }

    private static void assertSame(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-5f, what);
    }

    @Test
    void binaryOpsAgreeOnViewsAndCopies() {
        BinaryOperator<Tensor>[] ops = new BinaryOperator[]{
                (BinaryOperator<Tensor>) Tensor::add, (BinaryOperator<Tensor>) Tensor::sub,
                (BinaryOperator<Tensor>) Tensor::mul, (BinaryOperator<Tensor>) Tensor::maximum,
                (BinaryOperator<Tensor>) (a, b) -> a.gt(b).toFloat(),
                (BinaryOperator<Tensor>) (a, b) -> where(a.lt(b), a, b)};
        for (int c = 0; c < CASES; c++) {
            int[] shape = randomShape();
            Tensor a = RandomLayouts.of(shape, random);
            Tensor b = RandomLayouts.of(broadcastPartner(shape), random);
            boolean swap = random.nextBoolean();
            for (BinaryOperator<Tensor> op : ops) {
                Tensor x = swap ? b : a;
                Tensor y = swap ? a : b;
                assertSame(op.apply(x.clone(), y.clone()), op.apply(x, y),
                        java.util.Arrays.toString(x.shape()) + " with " + java.util.Arrays.toString(y.shape()));
            }
        }
    }

    @Test
    void unaryOpsReductionsAndCopiesAgreeOnViews() {
        UnaryOperator<Tensor>[] ops = new UnaryOperator[]{
                (UnaryOperator<Tensor>) Tensor::exp, (UnaryOperator<Tensor>) Tensor::relu,
                (UnaryOperator<Tensor>) Tensor::sum, (UnaryOperator<Tensor>) Tensor::contiguous,
                (UnaryOperator<Tensor>) t -> t.dim() == 0 ? t : t.sum(0, true),
                (UnaryOperator<Tensor>) t -> t.dim() == 0 || t.size(-1) == 0 ? t : t.softmax(-1),
                (UnaryOperator<Tensor>) t -> t.dim() == 0 || t.size(-1) == 0 ? t : t.max(-1).values(),
                (UnaryOperator<Tensor>) t -> t.reshape(-1),
                (UnaryOperator<Tensor>) t -> t.dim() < 2 ? t : t.mT().matmul(t)};
        for (int c = 0; c < CASES; c++) {
            Tensor a = RandomLayouts.of(randomShape(), random);
            for (UnaryOperator<Tensor> op : ops) {
                assertSame(op.apply(a.clone()), op.apply(a), java.util.Arrays.toString(a.shape()));
            }
        }
    }

    @Test
    void broadcastGradientsMatchTheirContiguousTwins() {
        for (int c = 0; c < CASES / 3; c++) {
            int[] shape = randomShape();
            Tensor a = RandomLayouts.of(shape, random);
            Tensor b = RandomLayouts.of(broadcastPartner(shape), random);
            Tensor a1 = a.clone().requiresGrad_(true);
            Tensor b1 = b.clone().requiresGrad_(true);
            a1.mul(b1).add(b1).sum().backward();
            Tensor a2 = a.detach().requiresGrad_(true);
            Tensor b2 = b.detach().requiresGrad_(true);
            a2.mul(b2).add(b2).sum().backward();
            assertSame(a1.grad(), a2.grad(), "grad a " + java.util.Arrays.toString(shape));
            assertSame(b1.grad(), b2.grad(), "grad b " + java.util.Arrays.toString(b.shape()));
        }
    }

    @Test
    void contiguousCopiesEveryLayoutElementByElement() {
        for (int c = 0; c < CASES / 3; c++) {
            // up to 40 along a dim: copies go in tiles of 16 rows and columns, with edges
            int rank = 1 + random.nextInt(4);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = 1 + random.nextInt(d >= rank - 2 ? 40 : 4);
            }
            Tensor view = switch (random.nextInt(4)) {
                case 0 -> RandomLayouts.of(shape, random);
                case 1 -> rank < 2 ? randn(shape) : randn(shape).mT();           // columns read along rows
                case 2 -> randn(shape[rank - 1]).expand(shape);                  // a row repeated (stride 0)
                default -> randn(1).reshape(onesShape(rank)).expand(shape);     // one value everywhere
            };
            float[] copied = view.contiguous().toFloatArray();
            int[] dims = view.shape();
            int[] index = new int[dims.length];
            for (int flat = 0; flat < copied.length; flat++) {
                for (int d = dims.length - 1, rest = flat; d >= 0; d--) {
                    index[d] = rest % dims[d];
                    rest /= dims[d];
                }
                assertEquals(view.get(index), copied[flat], "element " + java.util.Arrays.toString(index) + " of "
                        + java.util.Arrays.toString(dims) + ", strides " + java.util.Arrays.toString(view.stride()));
            }
        }
    }

    private static int[] onesShape(int rank) {
        int[] shape = new int[rank];
        java.util.Arrays.fill(shape, 1);
        return shape;
    }
}
