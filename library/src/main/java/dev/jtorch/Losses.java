package dev.jtorch;

/**
 * Cross entropy over class indices as one recorded op: log-softmax and the negative log
 * likelihood in a single pass over the scores, with the gradient {@code softmax − onehot}
 * written directly. The common training loss, so it avoids the dozen tensors and graph
 * nodes that the general formulation (log-softmax, gather, mask, sum, divide) would cost per
 * step. The values equal that formulation's within float rounding.
 */
final class Losses {
    private Losses() {
    }

    /**
     * The cross entropy of scores {@code input} [N, C] at class indices {@code ids} (length N,
     * already checked to be in range), summed over the rows, divided by N when {@code mean}.
     * A 0-d result.
     */
    static Tensor crossEntropy(Tensor input, long[] ids, boolean mean) {
        input.requireFloat("crossEntropy");
        int n = input.shape[0];
        int classes = input.shape[1];
        float[] src = input.detach().contiguous().floatData();
        // Softmax probabilities, kept for the gradient.
        float[] prob = new float[n * classes];
        double total = 0;
        for (int r = 0, row = 0; r < n; r++, row += classes) {
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                m = Math.max(m, src[row + j]);
            }
            if (m == Float.NEGATIVE_INFINITY) {
                m = 0;
            }
            double s = 0;
            for (int j = 0; j < classes; j++) {
                s += Math.exp(src[row + j] - m);
            }
            float logSum = (float) Math.log(s);
            for (int j = 0; j < classes; j++) {
                prob[row + j] = (float) Math.exp((src[row + j] - m) - logSum);
            }
            total -= (src[row + (int) ids[r]] - m) - logSum;
        }
        int count = mean ? n : 1;
        Tensor out = Tensor.of(new float[]{(float) (total / count)}, new int[0]);
        return Tensor.record("NllLossBackward0", out, new Tensor[]{input}, g -> new Tensor[]{GradMode.enabled()
                ? differentiableGrad(input, ids, count, g)
                : scaledGrad(prob, n, classes, ids, g.item() / count, input.shape)});
    }

    /** gs·(softmax − onehot), from the saved probabilities. */
    private static Tensor scaledGrad(float[] prob, int n, int classes, long[] ids, float gs, int[] shape) {
        float[] grad = new float[n * classes];
        for (int r = 0, row = 0; r < n; r++, row += classes) {
            for (int j = 0; j < classes; j++) {
                grad[row + j] = prob[row + j] * gs;
            }
            grad[row + (int) ids[r]] -= gs;
        }
        return Tensor.of(grad, shape.clone());
    }

    /** The same gradient in tensor ops, so that it can itself be differentiated (create_graph). */
    private static Tensor differentiableGrad(Tensor input, long[] ids, int count, Tensor g) {
        int n = input.shape[0];
        int classes = input.shape[1];
        float[] oneHot = new float[n * classes];
        for (int r = 0; r < n; r++) {
            oneHot[r * classes + (int) ids[r]] = 1;
        }
        return input.softmax(1).sub(Tensor.of(oneHot, n, classes)).mul(g.div(count));
    }
}
