package dev.jtorch;

import static dev.jtorch.Torch.randn;

import java.util.Random;

/** Test inputs whose memory layout is not the plain one, so that strided code paths run. */
final class RandomLayouts {

    private RandomLayouts() {
    }

    /** A random tensor of {@code shape}: contiguous, or a transposed or narrowed view of a larger one. */
    static Tensor of(int[] shape, Random random) {
        Tensor base = randn(shape);
        int kind = random.nextInt(3);
        if (kind == 1 && shape.length >= 2) {
            int[] swapped = shape.clone();
            swapped[0] = shape[1];
            swapped[1] = shape[0];
            return randn(swapped).transpose(0, 1);
        }
        if (kind == 2 && shape.length >= 1) {
            int[] wider = shape.clone();
            wider[shape.length - 1] += 3;
            return randn(wider).narrow(shape.length - 1, 2, shape[shape.length - 1]);
        }
        return base;
    }
}
