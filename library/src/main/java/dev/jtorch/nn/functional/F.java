package dev.jtorch.nn.functional;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.TensorInternals;
import dev.jtorch.Torch;
import dev.jtorch.nn.Reduction;

import java.util.Arrays;

/**
 * The stateless functions behind the layers, as {@code torch.nn.functional}: activations,
 * convolutions and pooling, normalisation, dropout, embedding and the losses. Every one is
 * differentiable.
 *
 * <pre>{@code
 * var logits = F.linear(x, w, b);
 * var loss = F.crossEntropy(logits, labels);
 * var y = F.maxPool2d(F.relu(F.conv2d(img, k, null, 1, 1)), 2);
 * }</pre>
 */
public final class F {
    private F() {
    }

    // ---------------------------------------------------------------- linear and activations

    /** {@code x·weightᵀ + bias} for x [*, in], weight [out, in], bias [out] or null; result [*, out]. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        int in = weight.size(-1);
        if (x.dim() == 0 || x.size(-1) != in) {
            throw new IllegalArgumentException("linear: input of shape " + Arrays.toString(x.shape())
                    + " has " + (x.dim() == 0 ? 0 : x.size(-1)) + " features in its last dim, but the weight of shape "
                    + Arrays.toString(weight.shape()) + " expects " + in);
        }
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    /** {@code max(x, 0)}. */
    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    /** {@code x} where positive, {@code slope·x} elsewhere. */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        return Torch.where(x.gt(0), x, x.mul(negativeSlope));
    }

    /** Leaky ReLU with PyTorch's default slope 0.01. */
    public static Tensor leakyRelu(Tensor x) {
        return leakyRelu(x, 0.01);
    }

    /** The exact GELU {@code x·Φ(x)}. */
    public static Tensor gelu(Tensor x) {
        return Torch.gelu(x);
    }

    /** GELU's tanh approximation {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}, PyTorch's {@code approximate='tanh'}. */
    public static Tensor geluTanh(Tensor x) {
        Tensor inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
        return x.mul(0.5).mul(inner.tanh().add(1));
    }

    /** {@code 1 / (1 + e^-x)}. */
    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    /** The hyperbolic tangent. */
    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    /** Softmax over {@code dim}. */
    public static Tensor softmax(Tensor x, int dim) {
        return x.softmax(dim);
    }

    /** Log-softmax over {@code dim}, computed stably. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.logSoftmax(dim);
    }

    /**
     * Zeroes each element with probability {@code p} and scales the rest by {@code 1/(1-p)}
     * when {@code training}; the identity otherwise.
     */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("dropout: probability has to be between 0 and 1, but got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0);
        }
        Tensor keep = Torch.bernoulli(1 - p, x.shape()).toFloat().div(1 - p);
        return x.mul(keep);
    }

    // ---------------------------------------------------------------- convolution and pooling

    /** See {@link Torch#conv2d(Tensor, Tensor, Tensor, int[], int[], int[], int)}. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return Torch.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    /** 2-D convolution with one stride and padding for both dims. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return Torch.conv2d(x, weight, bias, stride, padding);
    }

    /** See {@link Torch#conv1d}. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return Torch.conv1d(x, weight, bias, stride, padding, dilation, groups);
    }

    /** See {@link Torch#convTranspose2d}. */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int groups, int[] dilation) {
        return Torch.convTranspose2d(x, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /** See {@link Torch#maxPool2d(Tensor, int[], int[], int[], int[], boolean)}. */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return Torch.maxPool2d(x, kernel, stride, padding, dilation, ceilMode);
    }

    /** Max pooling with a square window and stride equal to it. */
    public static Tensor maxPool2d(Tensor x, int kernel) {
        return Torch.maxPool2d(x, kernel);
    }

    /** See {@link Torch#avgPool2d(Tensor, int[], int[], int[], boolean, boolean)}. */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        return Torch.avgPool2d(x, kernel, stride, padding, ceilMode, countIncludePad);
    }

    /** Average pooling with a square window and stride equal to it. */
    public static Tensor avgPool2d(Tensor x, int kernel) {
        return Torch.avgPool2d(x, kernel);
    }

    /** Average pooling to a fixed {@code outH × outW}. */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        return Torch.adaptiveAvgPool2d(x, outH, outW);
    }

    // ---------------------------------------------------------------- normalisation and embedding

    /**
     * Batch normalisation of x [N, C, *] per channel. In training, normalises with the batch's
     * mean and (biased) variance and, if the running tensors are given, moves them toward the
     * batch statistics by {@code momentum} (the variance unbiased), in place. Otherwise
     * normalises with the running statistics. {@code weight} and {@code bias} [C] may be null.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return Torch.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /**
     * Layer normalisation over the last {@code normalizedShape.length} dims, whose sizes must
     * be {@code normalizedShape}; {@code weight} and {@code bias} (of that shape) may be null.
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int k = normalizedShape.length;
        int[] shape = x.shape();
        boolean fits = shape.length >= k;
        for (int i = 0; fits && i < k; i++) {
            fits = shape[shape.length - k + i] == normalizedShape[i];
        }
        if (!fits) {
            throw new IllegalArgumentException("layerNorm: expected an input whose last dims are " + Arrays.toString(normalizedShape)
                    + " (normalized_shape), got shape " + Arrays.toString(shape));
        }
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            dims[i] = shape.length - k + i;
        }
        Tensor mean = x.mean(dims, true);
        Tensor var = x.var(dims, 0, true);
        Tensor y = x.sub(mean).mul(var.add(eps).rsqrt());
        if (weight != null) {
            y = y.mul(weight);
        }
        if (bias != null) {
            y = y.add(bias);
        }
        return y;
    }

    /**
     * Looks up rows of {@code weight} [V, D] for int64 {@code indices} of any shape; result
     * [*indices.shape, D]. Rows at {@code paddingIdx} (negative: none) get no gradient.
     */
    public static Tensor embedding(Tensor indices, Tensor weight, int paddingIdx) {
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException("embedding: indices must be int64 (class or token ids), got " + indices.dtype()
                    + "; convert them with toLong()");
        }
        int rows = weight.size(0);
        long[] ids = indices.toLongArray();
        for (long id : ids) {
            if (id < 0 || id >= rows) {
                throw new IllegalArgumentException("embedding: index " + id + " is out of range for an embedding with "
                        + rows + " rows (num_embeddings=" + rows + "; valid ids are 0.." + (rows - 1) + ")");
            }
        }
        Tensor flat = indices.reshape(-1);
        Tensor out = weight.indexSelect(0, flat);
        if (paddingIdx >= 0) {
            Tensor isPad = flat.eq(paddingIdx).unsqueeze(1);
            out = Torch.where(isPad, weight.detach().indexSelect(0, flat), out);
        }
        int[] shape = Arrays.copyOf(indices.shape(), indices.dim() + 1);
        shape[indices.dim()] = weight.size(1);
        return out.view(shape);
    }

    // ---------------------------------------------------------------- regression losses

    /** Mean squared error between same-shaped input and target. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        checkSameShape("MSELoss", input, target);
        Tensor d = input.sub(target);
        return reduction.apply(d.mul(d));
    }

    /** Mean squared error, averaged. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    /** Mean absolute error between same-shaped input and target. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        checkSameShape("L1Loss", input, target);
        return reduction.apply(input.sub(target).abs());
    }

    /** Mean absolute error, averaged. */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return l1Loss(input, target, Reduction.MEAN);
    }

    /** Huber-like loss: {@code 0.5·d²/beta} where {@code |d| < beta}, else {@code |d| - 0.5·beta}. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        checkSameShape("SmoothL1Loss", input, target);
        Tensor d = input.sub(target).abs();
        if (beta == 0) {
            return reduction.apply(d);
        }
        Tensor loss = Torch.where(d.lt(beta), d.mul(d).mul(0.5 / beta), d.sub(0.5 * beta));
        return reduction.apply(loss);
    }

    /** Smooth L1 with beta 1, averaged. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target) {
        return smoothL1Loss(input, target, Reduction.MEAN, 1);
    }

    private static void checkSameShape(String op, Tensor input, Tensor target) {
        if (target.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": target must be float, but it is " + target.dtype()
                    + "; use target.toFloat()");
        }
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": input shape " + Arrays.toString(input.shape()) + " and target shape "
                    + Arrays.toString(target.shape()) + " must match (broadcasting them would compare every prediction "
                    + "with every target); reshape one of them, e.g. target.view(" + viewHint(input) + ")");
        }
    }

    private static String viewHint(Tensor input) {
        int[] s = input.shape();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length; i++) {
            sb.append(i == 0 ? "-1" : ", " + s[i]);
        }
        return sb.length() == 0 ? "" : sb.toString();
    }

    // ---------------------------------------------------------------- binary classification losses

    /** e^-100, the smallest argument binaryCrossEntropy takes the log of. */
    private static final double LOG_FLOOR = Math.exp(-100);

    /**
     * {@code max(log(p), -100)} as PyTorch's BCE computes it, with a finite gradient where p is
     * exactly 0: the log's argument is clamped (not its value), so backward never meets 0 * inf.
     */
    private static Tensor clampedLog(Tensor p) {
        return Torch.where(p.gt(0), p.clampMin(LOG_FLOOR).log(), -100);
    }

    /**
     * Binary cross entropy between probabilities {@code input} in [0, 1] and float targets of
     * the same shape; {@code weight} (broadcast to the input, may be null) rescales each
     * element. Logs are clamped at -100, as PyTorch does, so a saturated output gives a
     * finite loss.
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        String op = "BCELoss";
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": target shape " + Arrays.toString(target.shape())
                    + " and input shape " + Arrays.toString(input.shape()) + " must match (one probability per target); "
                    + "check the last layer's output size or reshape the target");
        }
        if (target.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": target must be float (0. or 1. per element), but it is "
                    + target.dtype() + "; use target.toFloat()");
        }
        if (input.numel() > 0) {
            float lo = input.detach().min().item();
            float hi = input.detach().max().item();
            if (Float.isNaN(lo) || Float.isNaN(hi) || lo < 0 || hi > 1) {
                throw new IllegalArgumentException(op + " expects probabilities in [0, 1], but the input has values from "
                        + lo + " to " + hi + "; apply sigmoid to the model's output, or use BCEWithLogitsLoss on the raw scores");
            }
        }
        Tensor logP = clampedLog(input);
        Tensor log1mP = clampedLog(input.neg().add(1));
        Tensor loss = target.mul(logP).add(target.neg().add(1).mul(log1mP)).neg();
        if (weight != null) {
            loss = loss.mul(weight);
        }
        return reduction.apply(loss);
    }

    /** Binary cross entropy on probabilities, averaged. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return binaryCrossEntropy(input, target, null, Reduction.MEAN);
    }

    /**
     * Binary cross entropy on raw scores (logits), computed stably as
     * {@code max(x, 0) - x·t + log(1 + e^-|x|)}; {@code posWeight} (per class, may be null)
     * weighs the positive term, {@code weight} each element.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
                                                      Reduction reduction) {
        String op = "BCEWithLogitsLoss";
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": target shape " + Arrays.toString(target.shape())
                    + " and input shape " + Arrays.toString(input.shape()) + " must match (one score per target); "
                    + "check the last layer's output size or reshape the target");
        }
        if (target.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": target must be float (0. or 1. per element), but it is "
                    + target.dtype() + "; use target.toFloat()");
        }
        // log(1 + e^-|x|) + max(-x, 0) is log(1 + e^-x) without overflow for either sign of x.
        Tensor softplusNeg = input.abs().neg().exp().add(1).log().add(input.neg().clampMin(0));
        Tensor loss;
        if (posWeight == null) {
            loss = target.neg().add(1).mul(input).add(softplusNeg);
        } else {
            Tensor scale = posWeight.sub(1).mul(target).add(1);
            loss = target.neg().add(1).mul(input).add(scale.mul(softplusNeg));
        }
        if (weight != null) {
            loss = loss.mul(weight);
        }
        return reduction.apply(loss);
    }

    /** Binary cross entropy on logits, averaged. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return binaryCrossEntropyWithLogits(input, target, null, null, Reduction.MEAN);
    }

    // ---------------------------------------------------------------- multi-class losses

    /**
     * Cross entropy between raw scores {@code input} [N, C] (or [N, C, d...], or [C]) and
     * either class indices (int64, [N] or [N, d...]) or class probabilities (float, the
     * input's shape). {@code weight} [C] (may be null) weighs the classes; targets equal to
     * {@code ignoreIndex} count for nothing; {@code labelSmoothing} mixes the target with the
     * uniform distribution. Computed from log-softmax, so large scores do not overflow.
     *
     * <pre>{@code
     * var loss = F.crossEntropy(model.forward(x), labels, null, -100, Reduction.MEAN, 0.1);
     * }</pre>
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction,
                                      double labelSmoothing) {
        String op = "CrossEntropyLoss";
        if (labelSmoothing < 0 || labelSmoothing > 1) {
            throw new IllegalArgumentException(op + ": label_smoothing must be between 0.0 and 1.0, got " + labelSmoothing);
        }
        if (input.dim() == 0) {
            throw new IllegalArgumentException(op + ": input must have a class dim, got a 0-d tensor");
        }
        if (input.dim() == 2 && target.dtype() == DType.INT64 && target.dim() == 1 && weight == null
                && labelSmoothing == 0 && reduction != Reduction.NONE) {
            // The training loop's case: one fused op instead of the general chain below.
            checkIndexTarget(op, input, target, target, new int[]{input.size(0)});
            long[] ids = classIndices(op, target, ignoreIndex, input.size(1));
            if (!contains(ids, ignoreIndex)) {
                return TensorInternals.crossEntropy(input, ids, reduction == Reduction.MEAN);
            }
        }
        int classDim = input.dim() == 1 ? 0 : 1;
        Tensor logP = input.logSoftmax(classDim);
        return nllCore(op, logP, target, weight, ignoreIndex, reduction, labelSmoothing);
    }

    /** Cross entropy averaged over the batch, no class weights. */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, null, -100, Reduction.MEAN, 0);
    }

    /**
     * Negative log likelihood of log-probabilities {@code input} [N, C] (or [N, C, d...], or
     * [C]) at int64 class indices {@code target}; use after {@code logSoftmax}.
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) {
        if (input.dim() == 0) {
            throw new IllegalArgumentException("NLLLoss: input must have a class dim, got a 0-d tensor");
        }
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException("NLLLoss: target must hold class indices as int64, got " + target.dtype()
                    + "; use target.toLong()");
        }
        return nllCore("NLLLoss", input, target, weight, ignoreIndex, reduction, 0);
    }

    /** Negative log likelihood, averaged. */
    public static Tensor nllLoss(Tensor input, Tensor target) {
        return nllLoss(input, target, null, -100, Reduction.MEAN);
    }

    /** The loss from log-probabilities, class dim 1 (0 when unbatched). */
    private static Tensor nllCore(String op, Tensor logP, Tensor target, Tensor weight, int ignoreIndex,
                                  Reduction reduction, double smoothing) {
        boolean unbatched = logP.dim() == 1;
        Tensor lp = unbatched ? logP.unsqueeze(0) : logP;
        int classes = lp.size(1);
        if (weight != null && (weight.dim() != 1 || weight.size(0) != classes)) {
            throw new IllegalArgumentException(op + ": weight must have one value per class, shape [" + classes + "], got "
                    + Arrays.toString(weight.shape()));
        }
        // Classes last, one row per prediction: [M, C].
        int[] perm = new int[lp.dim()];
        for (int d = 0, k = 0; d < lp.dim(); d++) {
            if (d != 1) {
                perm[k++] = d;
            }
        }
        perm[lp.dim() - 1] = 1;
        Tensor rows = lp.permute(perm).reshape(-1, classes);
        int[] predictionShape = new int[lp.dim() - 1];
        for (int d = 0, k = 0; d < lp.dim(); d++) {
            if (d != 1) {
                predictionShape[k++] = lp.size(d);
            }
        }
        if (target.dtype() == DType.FLOAT32 && Arrays.equals(target.shape(), logP.shape())) {
            return probabilityTargets(rows, unbatched ? target.unsqueeze(0) : target, unbatched, perm, classes, weight,
                    reduction, smoothing, predictionShape);
        }
        Tensor t = unbatched ? target.unsqueeze(0) : target;
        checkIndexTarget(op, logP, target, t, predictionShape);
        classIndices(op, t, ignoreIndex, classes);
        Tensor flat = t.reshape(-1);
        Tensor ignored = flat.eq(ignoreIndex);
        Tensor safe = flat.maskedFill(ignored, 0);
        Tensor keep = ignored.logicalNot().toFloat();
        Tensor picked = rows.gather(1, safe.unsqueeze(1)).squeeze(1).neg();
        Tensor w = weight == null ? keep : weight.indexSelect(0, safe).mul(keep);
        Tensor nll = picked.mul(w);
        Tensor smooth = null;
        if (smoothing > 0) {
            Tensor perClass = weight == null ? rows : rows.mul(weight);
            smooth = perClass.sum(1).neg().mul(keep);
        }
        Tensor result = switch (reduction) {
            case NONE -> {
                Tensor l = nll;
                if (smooth != null) {
                    l = l.mul(1 - smoothing).add(smooth.mul(smoothing / classes));
                }
                yield unbatched ? l.reshape(new int[0]) : l.view(predictionShape);
            }
            case SUM -> combine(nll.sum(), smooth == null ? null : smooth.sum(), smoothing, classes);
            case MEAN -> {
                Tensor denominator = w.sum();
                yield combine(nll.sum().div(denominator), smooth == null ? null : smooth.sum().div(denominator),
                        smoothing, classes);
            }
        };
        return result;
    }

    /** The target's class indices, each checked to be a class or the ignored index. */
    private static long[] classIndices(String op, Tensor target, int ignoreIndex, int classes) {
        long[] ids = target.toLongArray();
        for (long id : ids) {
            if (id != ignoreIndex && (id < 0 || id >= classes)) {
                throw new IllegalArgumentException(op + ": target " + id + " is out of bounds for " + classes
                        + " classes (expected 0 <= target < " + classes + "); the last layer has " + classes
                        + " outputs, so it should produce as many scores as there are classes");
            }
        }
        return ids;
    }

    private static boolean contains(long[] ids, long value) {
        for (long id : ids) {
            if (id == value) {
                return true;
            }
        }
        return false;
    }

    private static Tensor combine(Tensor nll, Tensor smooth, double smoothing, int classes) {
        return smooth == null ? nll : nll.mul(1 - smoothing).add(smooth.mul(smoothing / classes));
    }

    private static void checkIndexTarget(String op, Tensor logP, Tensor target, Tensor t, int[] predictionShape) {
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": target of shape " + Arrays.toString(target.shape())
                    + " must hold class indices as int64, but it is " + target.dtype() + "; use target.toLong()"
                    + (target.dtype() == DType.FLOAT32 ? ", or pass class probabilities with the input's shape "
                    + Arrays.toString(logP.shape()) : ""));
        }
        if (logP.dim() >= 2 && (t.dim() == 0 || t.size(0) != logP.size(0))) {
            int targetBatch = t.dim() == 0 ? 1 : t.size(0);
            throw new IllegalArgumentException(op + ": expected input batch_size (" + logP.size(0)
                    + ") to match target batch_size (" + targetBatch + "); input shape " + Arrays.toString(logP.shape())
                    + ", target shape " + Arrays.toString(target.shape()) + ". A view(-1, n) with the wrong flatten size "
                    + "n before the classifier usually causes this: -1 then silently changes the batch size, so n must be "
                    + "the product of the dims after the batch");
        }
        if (!Arrays.equals(t.shape(), predictionShape)) {
            boolean extraDim = t.dim() == predictionShape.length + 1 && t.size(-1) == 1;
            throw new IllegalArgumentException(op + ": target shape " + Arrays.toString(target.shape())
                    + " does not fit input shape " + Arrays.toString(logP.shape()) + "; expected class indices of shape "
                    + Arrays.toString(predictionShape) + (extraDim ? " (drop the last dim: target.squeeze(-1))" : ""));
        }
    }

    private static Tensor probabilityTargets(Tensor rows, Tensor target, boolean unbatched, int[] perm, int classes,
                                             Tensor weight, Reduction reduction, double smoothing, int[] predictionShape) {
        Tensor t = target.permute(perm).reshape(-1, classes);
        if (smoothing > 0) {
            t = t.mul(1 - smoothing).add(smoothing / classes);
        }
        Tensor perClass = t.mul(rows);
        if (weight != null) {
            perClass = perClass.mul(weight);
        }
        Tensor loss = perClass.sum(1).neg();
        return switch (reduction) {
            case NONE -> unbatched ? loss.reshape(new int[0]) : loss.view(predictionShape);
            case SUM -> loss.sum();
            case MEAN -> loss.mean();
        };
    }
}
