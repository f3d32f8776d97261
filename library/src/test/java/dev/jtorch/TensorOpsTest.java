package dev.jtorch;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Values of the core ops, checked against plain loops over the same numbers. */
class TensorOpsTest {

    private static float[] data(Tensor t) {
        return t.toFloatArray();
    }

    @Test
    void meanOverAnEmptyDimIsNaNAndStaysOnTheGraph() {
        Tensor x = zeros(3, 0).requiresGrad_(true);
        Tensor m = x.mean(1);
        assertArrayEquals(new int[]{3}, m.shape());
        assertTrue(Float.isNaN(m.toFloatArray()[0]), m.toString());
        assertTrue(m.requiresGrad(), "mean is recorded for backward, as in PyTorch");
        m.sum().backward();
        assertArrayEquals(new int[]{3, 0}, x.grad().shape());
    }

    @Test
    void creationShapesAndValues() {
        assertArrayEquals(new int[]{2, 3}, zeros(2, 3).shape());
        assertArrayEquals(new float[]{1, 1}, data(ones(2)));
        assertArrayEquals(new float[]{7, 7, 7}, data(full(new int[]{3}, 7)));
        assertArrayEquals(new long[]{2, 3, 4}, arange(2, 5).toLongArray());
        assertEquals(DType.INT64, arange(3).dtype());
        assertArrayEquals(new float[]{0, 0.25f, 0.5f, 0.75f, 1}, data(linspace(0, 1, 5)));
        assertArrayEquals(new float[]{1, 0, 0, 1}, data(eye(2)));
        assertArrayEquals(new float[]{0, 0.5f, 1, 1.5f}, data(arange(0, 2, 0.5)));
        assertArrayEquals(new int[]{2, 2, 2}, tensor(new float[][][]{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}).shape());
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, data(tensor(new float[]{1, 2, 3, 4, 5, 6}, 2, 3)));
        assertEquals(DType.FLOAT32, zerosLike(randn(2)).dtype());
        var e = assertThrows(IllegalArgumentException.class, () -> tensor(new float[]{1, 2, 3}, 2, 2));
        assertTrue(e.getMessage().contains("3 values cannot fill shape [2, 2]"), e.getMessage());
    }

    @Test
    void randomDrawsRepeatUnderManualSeedAndStayInRange() {
        manualSeed(123);
        float[] a = data(randn(50));
        long[] ints = randint(3, 7, 1000).toLongArray();
        manualSeed(123);
        assertArrayEquals(a, data(randn(50)));
        assertArrayEquals(ints, randint(3, 7, 1000).toLongArray());
        for (long v : ints) {
            assertTrue(v >= 3 && v < 7);
        }
        for (float v : data(rand(1000))) {
            assertTrue(v >= 0 && v < 1);
        }
        long[] perm = randperm(10).toLongArray();
        java.util.Arrays.sort(perm);
        assertArrayEquals(arange(10).toLongArray(), perm);
        float mean = randn(10000).mean().item();
        assertEquals(0, mean, 0.05);
    }

    @Test
    void broadcastingMatchesLoops() {
        Tensor a = randn(2, 3, 1);
        Tensor b = randn(4);
        Tensor c = a.mul(b).add(b);
        assertArrayEquals(new int[]{2, 3, 4}, c.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(a.get(i, j, 0) * b.get(k) + b.get(k), c.get(i, j, k), 1e-6);
                }
            }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> randn(3, 4).add(randn(3)));
        assertTrue(e.getMessage().startsWith("add: shapes [3, 4] and [3] cannot be broadcast"), e.getMessage());
    }

    @Test
    void scalarOpsAndUnaryFunctions() {
        Tensor x = tensor(new float[]{-2, 0.5f, 3});
        assertArrayEquals(new float[]{0, 2.5f, 5}, data(x.add(2)), 1e-6f);
        assertArrayEquals(new float[]{-1, 0.25f, 1.5f}, data(x.div(2)), 1e-6f);
        assertArrayEquals(new float[]{4, 0.25f, 9}, data(x.pow(2)), 1e-6f);
        assertArrayEquals(new float[]{0, 0.5f, 3}, data(x.relu()), 1e-6f);
        assertArrayEquals(new float[]{2, 0.5f, 3}, data(x.abs()), 1e-6f);
        assertArrayEquals(new float[]{-1, 0.5f, 1}, data(x.clamp(-1, 1)), 1e-6f);
        for (int i = 0; i < 3; i++) {
            float v = x.get(i);
            assertEquals(Math.exp(v), x.exp().get(i), 1e-5);
            assertEquals(1 / (1 + Math.exp(-v)), x.sigmoid().get(i), 1e-6);
            assertEquals(Math.tanh(v), x.tanh().get(i), 1e-6);
        }
    }

    @Test
    void comparisonsLogicAndWhere() {
        Tensor x = tensor(new float[]{1, 2, 3});
        Tensor y = tensor(new float[]{3, 2, 1});
        assertArrayEquals(new boolean[]{false, true, false}, x.eq(y).toBooleanArray());
        assertArrayEquals(new boolean[]{true, false, false}, x.lt(y).toBooleanArray());
        assertArrayEquals(new boolean[]{false, true, true}, x.ge(2).toBooleanArray());
        assertEquals(DType.BOOL, x.gt(y).dtype());
        assertArrayEquals(new boolean[]{true, true, false}, x.lt(y).logicalOr(x.eq(y)).toBooleanArray());
        assertArrayEquals(new boolean[]{true, false, true}, x.eq(y).logicalNot().toBooleanArray());
        assertArrayEquals(new float[]{1, 2, 1}, data(where(x.le(2), x, y)));
        assertEquals(2L, x.ge(2).sum().longItem());
        assertArrayEquals(new long[]{1, 2, 3}, x.toLong().toLongArray());
        assertArrayEquals(new boolean[]{true, false}, tensor(new long[]{2, 5}).eq(tensor(new long[]{2, 6})).toBooleanArray());
    }

    @Test
    void reductionsOverDims() {
        Tensor x = tensor(new float[][]{{1, 5, 2}, {7, 0, 3}});
        assertEquals(18, x.sum().item(), 1e-6);
        assertArrayEquals(new float[]{8, 5, 5}, data(x.sum(0)));
        assertArrayEquals(new int[]{2, 1}, x.sum(1, true).shape());
        assertArrayEquals(new float[]{8f / 3, 10f / 3}, data(x.mean(1)), 1e-6f);
        assertArrayEquals(new float[]{5, 7}, data(x.max(1).values()));
        assertArrayEquals(new long[]{1, 0}, x.max(1).indices().toLongArray());
        assertArrayEquals(new long[]{0, 1, 0}, x.argmin(0).toLongArray());
        assertEquals(3L, x.argmax().longItem());
        assertEquals(0, x.min().item());
        // var and std as NumPy computes them with ddof=1
        double mean = 3;
        double ss = 0;
        for (float v : data(x)) {
            ss += (v - mean) * (v - mean);
        }
        assertEquals(ss / 5, x.var().item(), 1e-5);
        assertEquals(Math.sqrt(ss / 5), x.std().item(), 1e-5);
        assertArrayEquals(new float[]{1, 1}, data(randn(2, 6).softmax(1).sum(1)), 1e-5f);
        Tensor lse = x.logsumexp(1);
        assertEquals(Math.log(Math.exp(1) + Math.exp(5) + Math.exp(2)), lse.get(0), 1e-5);
        Tensor big = tensor(new float[]{1000, 1000});
        assertEquals(1000 + Math.log(2), big.logsumexp(0).item(), 1e-3);
        assertArrayEquals(new float[]{(float) -Math.log(2), (float) -Math.log(2)}, data(big.logSoftmax(0)), 1e-6f);
    }

    @Test
    void viewsShareStorage() {
        Tensor x = arange(0, 12, 1).view(3, 4);
        Tensor t = x.t();
        assertArrayEquals(new int[]{4, 3}, t.shape());
        assertFalse(t.isContiguous());
        assertEquals(x.get(1, 2), t.get(2, 1));
        x.narrow(1, 1, 2).fill_(-1);
        assertEquals(-1, x.get(2, 2));
        x.select(0, 0).mul_(10);
        assertEquals(30, x.get(0, 3));
        assertArrayEquals(new int[]{4, 3}, t.contiguous().shape());
        assertTrue(t.contiguous().isContiguous());
        assertArrayEquals(new int[]{3, 1, 4}, x.unsqueeze(1).shape());
        assertArrayEquals(new int[]{3, 4}, x.unsqueeze(1).squeeze().shape());
        assertArrayEquals(new int[]{2, 3, 4}, x.expand(2, 3, 4).shape());
        assertArrayEquals(new int[]{4, 3}, x.permute(1, 0).shape());
        assertArrayEquals(new int[]{12}, x.flatten().shape());
        assertArrayEquals(new int[]{2, 6}, x.reshape(2, -1).shape());
        assertEquals(3, x.chunk(2, 1).length == 2 ? x.chunk(2, 1)[1].size(0) : -1);
        assertEquals(2, x.split(3, 1)[1].size(1) + 1);
    }

    @Test
    void viewErrorsNameTheOpAndShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> randn(3, 4).t().view(12));
        assertTrue(e.getMessage().contains("not contiguous") && e.getMessage().contains("reshape"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> randn(3, 4).view(5, -1));
        assertTrue(e.getMessage().contains("[5, -1] is invalid for input of shape [3, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> randn(64, 128, 4, 4).view(-1, 128 * 8 * 8));
        assertTrue(e.getMessage().contains("changes the batch size from 64 to 16"), e.getMessage());
        assertTrue(e.getMessage().contains("view(-1, 2048)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> randn(3).transpose(0, 2));
        assertTrue(e.getMessage().startsWith("transpose: dimension 2 is out of range"), e.getMessage());
    }

    @Test
    void catStackAndIndexing() {
        Tensor a = tensor(new float[][]{{1, 2}, {3, 4}});
        Tensor b = tensor(new float[][]{{5, 6}});
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, data(cat(a, b)));
        assertArrayEquals(new int[]{2, 2, 2}, stack(a, a).shape());
        assertArrayEquals(new float[]{3, 4, 1, 2}, data(a.indexSelect(0, tensor(new long[]{1, 0}))));
        assertArrayEquals(new float[]{2, 3}, data(a.gather(1, tensor(new long[][]{{1}, {0}}))));
        Tensor scattered = zeros(2, 3).scatterAdd(1, tensor(new long[][]{{0, 0}, {2, 1}}), ones(2, 2));
        assertArrayEquals(new float[]{2, 0, 0, 0, 1, 1}, data(scattered));
        assertArrayEquals(new float[]{2, 4}, data(a.maskedSelect(a.gt(1.5).logicalAnd(tensor(new boolean[]{false, true})))));
        assertArrayEquals(new float[]{0, 2, 0, 4}, data(a.maskedFill(tensor(new boolean[]{true, false}), 0)));
        var e = assertThrows(IllegalArgumentException.class, () -> cat(a, randn(1, 3)));
        assertTrue(e.getMessage().contains("tensor 0 has shape [2, 2] but tensor 1 has shape [1, 3]"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> a.indexSelect(0, tensor(new long[]{2})));
    }

    @Test
    void matmulMatchesNaiveProductForEveryRankAndLayout() {
        manualSeed(1);
        Tensor a = randn(2, 3, 5, 4);
        Tensor b = randn(3, 4, 6);
        Tensor c = a.matmul(b);
        assertArrayEquals(new int[]{2, 3, 5, 6}, c.shape());
        for (int n = 0; n < 2; n++) {
            for (int h = 0; h < 3; h++) {
                for (int i = 0; i < 5; i++) {
                    for (int j = 0; j < 6; j++) {
                        double s = 0;
                        for (int k = 0; k < 4; k++) {
                            s += a.get(n, h, i, k) * b.get(h, k, j);
                        }
                        assertEquals(s, c.get(n, h, i, j), 1e-4);
                    }
                }
            }
        }
        Tensor m = randn(4, 3);
        Tensor v = randn(4);
        assertTrue(m.t().matmul(m).allClose(m.t().contiguous().matmul(m.contiguous()), 1e-5, 1e-5));
        assertEquals(v.mul(v).sum().item(), v.matmul(v).item(), 1e-5);
        assertArrayEquals(new int[]{3}, v.matmul(m).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> randn(64, 2048).matmul(randn(8192, 128)));
        assertTrue(e.getMessage().startsWith("matmul: shapes [64, 2048] and [8192, 128] cannot be multiplied (2048 != 8192)"),
                e.getMessage());
    }

    @Test
    void dtypeErrorsSayHowToConvert() {
        var e = assertThrows(IllegalArgumentException.class, () -> arange(3).softmax(0));
        assertTrue(e.getMessage().contains("int64") && e.getMessage().contains("toFloat()"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> randn(3).indexSelect(0, tensor(new float[]{0})));
        assertTrue(e.getMessage().contains("toLong()"), e.getMessage());
    }

    @Test
    void integerArithmeticStaysInt64() {
        Tensor a = tensor(new long[]{3_000_000_001L, -2});
        Tensor b = tensor(new long[]{1, 5});
        assertEquals(DType.INT64, a.add(b).dtype());
        assertArrayEquals(new long[]{3_000_000_002L, 3}, a.add(b).toLongArray());
        assertArrayEquals(new long[]{3_000_000_000L, -7}, a.sub(b).toLongArray());
        assertArrayEquals(new long[]{6_000_000_002L, -4}, a.mul(2).toLongArray());
        assertArrayEquals(new long[]{4, 8}, b.add(3).toLongArray());
        assertEquals(DType.FLOAT32, b.add(0.5).dtype());
        assertEquals(DType.FLOAT32, b.div(2).dtype());
        assertEquals(DType.FLOAT32, randn(2).add(1).dtype());
    }
}
