package dev.jtorch;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Printouts, compared with what PyTorch 1.13 prints for the same tensors. */
class TensorFormatterTest {

    @Test
    void smallFloatMatrixWithRequiresGrad() {
        var t = tensor(new float[][]{{0.1234f, -1}, {2, 3}}).requiresGrad_(true);
        assertEquals("tensor([[ 0.1234, -1.0000],\n        [ 2.0000,  3.0000]], requires_grad=True)", t.toString());
    }

    @Test
    void integralFloatsScalarsAndOtherDtypes() {
        assertEquals("tensor([1., 2., 3.])", tensor(new float[]{1, 2, 3}).toString());
        assertEquals("tensor(3.5000)", scalar(3.5).toString());
        assertEquals("tensor([1, 2])", tensor(new long[]{1, 2}).toString());
        assertEquals("tensor([ True, False])", tensor(new boolean[]{true, false}).toString());
        assertEquals("tensor([2., 4.], grad_fn=<MulBackward0>)",
                tensor(new float[]{1, 2}).requiresGrad_(true).mul(2).toString());
    }

    @Test
    void scientificNotationNanAndInf() {
        assertEquals("tensor([1.0000e-05, 1.0000e+00, 1.0000e+03])", tensor(new float[]{1e-5f, 1, 1000}).toString());
        assertEquals("tensor([1.2346e+08, 1.0000e+00])", tensor(new float[]{123456789, 1}).toString());
        assertEquals("tensor([[ 1.5000,     nan],\n        [    inf, -2.2500]])",
                tensor(new float[][]{{1.5f, Float.NaN}, {Float.POSITIVE_INFINITY, -2.25f}}).toString());
    }

    @Test
    void threeDimensionsSeparateBlocksWithABlankLine() {
        String expected = """
                tensor([[[0.0000, 0.1429, 0.2857, 0.4286],
                         [0.5714, 0.7143, 0.8571, 1.0000],
                         [1.1429, 1.2857, 1.4286, 1.5714]],

                        [[1.7143, 1.8571, 2.0000, 2.1429],
                         [2.2857, 2.4286, 2.5714, 2.7143],
                         [2.8571, 3.0000, 3.1429, 3.2857]]])""".strip();
        assertEquals(expected, arange(0, 24, 1).view(2, 3, 4).div(7).toString());
    }

    @Test
    void largeTensorsAreElidedAndWrappedAt80Columns() {
        String matrix = """
                tensor([[   0,    1,    2,  ...,   47,   48,   49],
                        [  50,   51,   52,  ...,   97,   98,   99],
                        [ 100,  101,  102,  ...,  147,  148,  149],
                        ...,
                        [1850, 1851, 1852,  ..., 1897, 1898, 1899],
                        [1900, 1901, 1902,  ..., 1947, 1948, 1949],
                        [1950, 1951, 1952,  ..., 1997, 1998, 1999]])""".strip();
        assertEquals(matrix, arange(2000).view(40, 50).toString());
        assertEquals("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])",
                arange(0, 2000, 1).toString());
    }

    @Test
    void emptyTensors() {
        assertEquals("tensor([])", zeros(0).toString());
        assertEquals("tensor([], size=(2, 0))", zeros(2, 0).toString());
    }
}
