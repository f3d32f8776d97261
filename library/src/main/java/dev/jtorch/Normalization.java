package dev.jtorch;

import java.util.Arrays;

/**
 * Batch normalisation as one op: statistics, normalisation, scale and shift in two passes
 * over the data, and the gradient in two more, instead of the dozen elementwise ops and
 * reductions (each with its own backward) that the composition would record. When the
 * gradient itself must be differentiable ({@code createGraph}), the backward is written in
 * tensor ops instead.
 */
final class Normalization {
    private Normalization() {
    }

    /**
     * Normalises x [N, C, *] per channel. In training, with the batch's statistics (biased
     * variance), moving {@code runningMean}/{@code runningVar} (may be null) toward them by
     * {@code momentum} (the variance unbiased); otherwise with the running statistics.
     */
    static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                            boolean training, double momentum, double eps) {
        String op = "batchNorm";
        x.requireFloat(op);
        if (x.dim() < 2) {
            throw new IllegalArgumentException(op + ": expected an input of at least 2 dims [N, C, *], got shape "
                    + Shapes.str(x.shape));
        }
        int n = x.shape[0];
        int c = x.shape[1];
        int spatial = x.numel() / Math.max(1, n * c);
        int count = n * spatial;
        checkPerChannel(op, "weight", weight, c);
        checkPerChannel(op, "bias", bias, c);
        checkPerChannel(op, "running_mean", runningMean, c);
        checkPerChannel(op, "running_var", runningVar, c);
        if (training && count <= 1) {
            throw new IllegalArgumentException(op + ": expected more than 1 value per channel when training, got input of shape "
                    + Shapes.str(x.shape) + "; use a batch larger than 1, or call eval() first");
        }
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException(op + ": evaluation mode needs running_mean and running_var");
        }
        float[] src = x.floatData();
        double[] mean = new double[c];
        double[] var = new double[c];
        if (training) {
            for (int ch = 0; ch < c; ch++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    for (int k = 0, at = (i * c + ch) * spatial; k < spatial; k++, at++) {
                        s += src[at];
                    }
                }
                mean[ch] = s / count;
                double q = 0;
                for (int i = 0; i < n; i++) {
                    for (int k = 0, at = (i * c + ch) * spatial; k < spatial; k++, at++) {
                        double d = src[at] - mean[ch];
                        q += d * d;
                    }
                }
                var[ch] = q / count;
            }
            if (runningMean != null && runningVar != null) {
                float[] batchMean = new float[c];
                float[] batchVar = new float[c];
                for (int ch = 0; ch < c; ch++) {
                    batchMean[ch] = (float) mean[ch];
                    batchVar[ch] = (float) (var[ch] * count / (count - 1));
                }
                try (var g = new NoGrad(false)) {
                    runningMean.mul_(1 - momentum).add_(Tensor.of(batchMean, c), momentum);
                    runningVar.mul_(1 - momentum).add_(Tensor.of(batchVar, c), momentum);
                }
            }
        } else {
            float[] rm = runningMean.toFloatArray();
            float[] rv = runningVar.toFloatArray();
            for (int ch = 0; ch < c; ch++) {
                mean[ch] = rm[ch];
                var[ch] = rv[ch];
            }
        }
        float[] w = weight == null ? null : weight.toFloatArray();
        float[] b = bias == null ? null : bias.toFloatArray();
        float[] invStd = new float[c];
        float[] out = new float[src.length];
        for (int ch = 0; ch < c; ch++) {
            invStd[ch] = (float) (1 / Math.sqrt(var[ch] + eps));
        }
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                float m = (float) mean[ch];
                float scale = invStd[ch] * (w == null ? 1 : w[ch]);
                float shift = b == null ? 0 : b[ch];
                for (int k = 0, at = (i * c + ch) * spatial; k < spatial; k++, at++) {
                    out[at] = (src[at] - m) * scale + shift;
                }
            }
        }
        Tensor y = Tensor.of(out, x.shape.clone());
        float[] meanF = new float[c];
        for (int ch = 0; ch < c; ch++) {
            meanF[ch] = (float) mean[ch];
        }
        // In evaluation the statistics are constants: save copies, so that later running updates do not matter.
        Tensor savedMean = Tensor.of(meanF, c);
        Tensor savedInvStd = Tensor.of(invStd.clone(), c);
        Tensor[] inputs = {x, weight, bias};
        return Tensor.record("NativeBatchNormBackward0", y, inputs, new Tensor[]{x}, g -> GradMode.enabled()
                ? composedBackward(g, x, weight, training, savedMean, savedInvStd, eps)
                : rawBackward(g, src, x.shape, w, training, meanF, invStd, weight != null && weight.requiresGrad(),
                bias != null && bias.requiresGrad()));
    }

    private static void checkPerChannel(String op, String what, Tensor t, int c) {
        if (t != null && (t.dim() != 1 || t.shape[0] != c)) {
            throw new IllegalArgumentException(op + ": " + what + " must have one value per channel, shape [" + c + "], got "
                    + Shapes.str(t.shape));
        }
    }

    /** The gradient from primitive arrays: dx, dweight, dbias. */
    private static Tensor[] rawBackward(Tensor gOut, float[] src, int[] shape, float[] w, boolean training,
                                        float[] mean, float[] invStd, boolean wantWeight, boolean wantBias) {
        int n = shape[0];
        int c = shape[1];
        int spatial = src.length / Math.max(1, n * c);
        int count = n * spatial;
        float[] g = gOut.floatData();
        float[] dx = new float[src.length];
        float[] dw = new float[c];
        float[] db = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double sumG = 0;
            double sumGXhat = 0;
            float m = mean[ch];
            float is = invStd[ch];
            for (int i = 0; i < n; i++) {
                for (int k = 0, at = (i * c + ch) * spatial; k < spatial; k++, at++) {
                    sumG += g[at];
                    sumGXhat += g[at] * ((src[at] - m) * is);
                }
            }
            dw[ch] = (float) sumGXhat;
            db[ch] = (float) sumG;
            float scale = w == null ? 1 : w[ch];
            if (training) {
                // dx = w·invstd·(g - mean(g) - xhat·mean(g·xhat)), the batch statistics depending on x too.
                float meanG = (float) (sumG / count);
                float meanGXhat = (float) (sumGXhat / count);
                float k0 = scale * is;
                for (int i = 0; i < n; i++) {
                    for (int k = 0, at = (i * c + ch) * spatial; k < spatial; k++, at++) {
                        float xhat = (src[at] - m) * is;
                        dx[at] = k0 * (g[at] - meanG - xhat * meanGXhat);
                    }
                }
            } else {
                float k0 = scale * is;
                for (int i = 0; i < n; i++) {
                    for (int k = 0, at = (i * c + ch) * spatial; k < spatial; k++, at++) {
                        dx[at] = k0 * g[at];
                    }
                }
            }
        }
        return new Tensor[]{Tensor.of(dx, shape.clone()), wantWeight ? Tensor.of(dw, c) : null, wantBias ? Tensor.of(db, c) : null};
    }

    /** The same gradient in tensor ops, so that it can be differentiated again. */
    private static Tensor[] composedBackward(Tensor g, Tensor x, Tensor weight, boolean training, Tensor mean,
                                             Tensor invStd, double eps) {
        int c = x.shape[1];
        int[] dims = new int[x.dim() - 1];
        int[] statShape = new int[x.dim()];
        Arrays.fill(statShape, 1);
        statShape[1] = c;
        for (int d = 0, k = 0; d < x.dim(); d++) {
            if (d != 1) {
                dims[k++] = d;
            }
        }
        Tensor xhat;
        Tensor is;
        if (training) {
            Tensor centered = x.sub(x.mean(dims, true));
            is = centered.mul(centered).mean(dims, true).add(eps).rsqrt();
            xhat = centered.mul(is);
        } else {
            is = invStd.view(statShape);
            xhat = x.sub(mean.view(statShape)).mul(is);
        }
        Tensor gw = weight == null ? g : g.mul(weight.view(statShape));
        Tensor dx = training
                ? gw.sub(gw.mean(dims, true)).sub(xhat.mul(gw.mul(xhat).mean(dims, true))).mul(is)
                : gw.mul(is);
        return new Tensor[]{dx, g.mul(xhat).sum(dims, false), g.sum(dims, false)};
    }
}
