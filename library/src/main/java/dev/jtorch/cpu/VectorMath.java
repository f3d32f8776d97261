package dev.jtorch.cpu;

/**
 * Elementwise kernels and reductions on contiguous float ranges: the hot loops of the tensor
 * ops. Every method takes arrays with offsets and a count {@code n}; outputs may alias inputs
 * (element {@code i} is read before it is written).
 *
 * <p>Each public method runs its Vector API loop when {@link Simd#ENABLED}, else its plain-Java
 * twin, the package-private {@code ...Scalar} method right below it (which is also the oracle
 * in tests). Reductions ({@link #sum}, {@link #dot}) add in a different order on the two
 * paths, so they agree to rounding, not bit for bit.
 *
 * <pre>{@code
 * float[] x = {1, -2, 3};
 * float[] y = new float[3];
 * VectorMath.relu(x, 0, y, 0, 3);              // y = {1, 0, 3}
 * VectorMath.axpy(0.5f, x, 0, y, 0, 3);        // y = {1.5, -1, 4.5}
 * float s = VectorMath.sum(y, 0, 3);           // 5
 * }</pre>
 */
public final class VectorMath {
    private VectorMath() {
    }

    /**
     * {@code out[i] = a[i] + b[i]} for {@code i < n}.
     *
     * <pre>{@code VectorMath.add(a, 0, b, 0, out, 0, a.length);}</pre>
     *
     * @param a      first operand
     * @param aOff   offset of its first element
     * @param b      second operand
     * @param bOff   offset of its first element
     * @param out    result
     * @param outOff offset of its first element
     * @param n      number of elements
     */
    public static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (Simd.ENABLED) {
            VectorMathSimd.add(a, aOff, b, bOff, out, outOff, n);
        } else {
            addScalar(a, aOff, b, bOff, out, outOff, n);
        }
    }

    static void addScalar(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    /**
     * {@code out[i] = a[i] - b[i]} for {@code i < n}.
     *
     * <pre>{@code VectorMath.sub(a, 0, b, 0, out, 0, a.length);}</pre>
     *
     * @param a      first operand
     * @param aOff   offset of its first element
     * @param b      second operand
     * @param bOff   offset of its first element
     * @param out    result
     * @param outOff offset of its first element
     * @param n      number of elements
     */
    public static void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (Simd.ENABLED) {
            VectorMathSimd.sub(a, aOff, b, bOff, out, outOff, n);
        } else {
            subScalar(a, aOff, b, bOff, out, outOff, n);
        }
    }

    static void subScalar(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] - b[bOff + i];
        }
    }

    /**
     * {@code out[i] = a[i] * b[i]} for {@code i < n}.
     *
     * <pre>{@code VectorMath.mul(a, 0, b, 0, out, 0, a.length);}</pre>
     *
     * @param a      first operand
     * @param aOff   offset of its first element
     * @param b      second operand
     * @param bOff   offset of its first element
     * @param out    result
     * @param outOff offset of its first element
     * @param n      number of elements
     */
    public static void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (Simd.ENABLED) {
            VectorMathSimd.mul(a, aOff, b, bOff, out, outOff, n);
        } else {
            mulScalar(a, aOff, b, bOff, out, outOff, n);
        }
    }

    static void mulScalar(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    /**
     * {@code out[i] = a[i] / b[i]} for {@code i < n}.
     *
     * <pre>{@code VectorMath.div(a, 0, b, 0, out, 0, a.length);}</pre>
     *
     * @param a      dividends
     * @param aOff   offset of the first
     * @param b      divisors
     * @param bOff   offset of the first
     * @param out    result
     * @param outOff offset of its first element
     * @param n      number of elements
     */
    public static void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (Simd.ENABLED) {
            VectorMathSimd.div(a, aOff, b, bOff, out, outOff, n);
        } else {
            divScalar(a, aOff, b, bOff, out, outOff, n);
        }
    }

    static void divScalar(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] / b[bOff + i];
        }
    }

    /**
     * {@code out[i] = a[i] + s} for {@code i < n}.
     *
     * <pre>{@code VectorMath.add(x, 0, 1f, x, 0, x.length);   // x += 1 in place}</pre>
     *
     * @param a      operand
     * @param aOff   offset of its first element
     * @param s      the scalar
     * @param out    result
     * @param outOff offset of its first element
     * @param n      number of elements
     */
    public static void add(float[] a, int aOff, float s, float[] out, int outOff, int n) {
        if (Simd.ENABLED) {
            VectorMathSimd.add(a, aOff, s, out, outOff, n);
        } else {
            addScalar(a, aOff, s, out, outOff, n);
        }
    }

    static void addScalar(float[] a, int aOff, float s, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] + s;
        }
    }

    /**
     * {@code out[i] = a[i] - s} for {@code i < n}.
     *
     * <pre>{@code VectorMath.sub(x, 0, mean, out, 0, x.length);}</pre>
     *
     * @param a      operand
     * @param aOff   offset of its first element
     * @param s      the scalar
     * @param out    result
     * @param outOff offset of its first element
     * @param n      number of elements
     */
    public static void sub(float[] a, int aOff, float s, float[] out, int outOff, int n) {
        if (Simd.ENABLED) {
            VectorMathSimd.sub(a, aOff, s, out, outOff, n);
        } else {
            subScalar(a, aOff, s, out, outOff, n);
        }
    }

    static void subScalar(float[] a, int aOff, float s, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] - s;
        }
    }

    /**
     * {@code out[i] = a[i] * s} for {@code i < n}.
     *
     * <pre>{@code VectorMath.mul(x, 0, 2f, out, 0, x.length);}</pre>
     *
     * @param a      operand
     * @param aOff   offset of its first element
     * @param s      the scalar
     * @param out    result
     * @param outOff offset of its first element
     * @param n      number of elements
     */
    public static void mul(float[] a, int aOff, float s, float[] out, int outOff, int n) {
        if (Simd.ENABLED) {
            VectorMathSimd.mul(a, aOff, s, out, outOff, n);
        } else {
            mulScalar(a, aOff, s, out, outOff, n);
        }
    }

    static void mulScalar(float[] a, int aOff, float s, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] * s;
        }
    }

    /**
     * {@code out[i] = a[i] / s} for {@code i < n} (a true division, not a multiply by {@code 1/s}).
     *
     * <pre>{@code VectorMath.div(x, 0, std, out, 0, x.length);}</pre>
     *
     * @param a      dividends
     * @param aOff   offset of the first
     * @param s      the divisor
     * @param out    result
     * @param outOff offset of its first element
     * @param n      number of elements
     */
    public static void div(float[] a, int aOff, float s, float[] out, int outOff, int n) {
        if (Simd.ENABLED) {
            VectorMathSimd.div(a, aOff, s, out, outOff, n);
        } else {
            divScalar(a, aOff, s, out, outOff, n);
        }
    }

    static void divScalar(float[] a, int aOff, float s, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] / s;
        }
    }

    /**
     * {@code y[i] += alpha * x[i]} for {@code i < n} (a fused multiply-add on the SIMD path).
     *
     * <pre>{@code VectorMath.axpy(-lr, grad, 0, weight, 0, weight.length);   // an SGD step}</pre>
     *
     * @param alpha the factor on {@code x}
     * @param x     the added values
     * @param xOff  offset of the first
     * @param y     accumulated in place
     * @param yOff  offset of its first element
     * @param n     number of elements
     */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        if (Simd.ENABLED) {
            VectorMathSimd.axpy(alpha, x, xOff, y, yOff, n);
        } else {
            axpyScalar(alpha, x, xOff, y, yOff, n);
        }
    }

    static void axpyScalar(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /**
     * One step of SGD with momentum over {@code n} parameters, in place, as PyTorch's
     * {@code SGD}: {@code d = g + weightDecay·p}; {@code buf = d} on the first step, else
     * {@code buf = momentum·buf + (1 − dampening)·d}; {@code p −= lr·(nesterov ? d + momentum·buf : buf)}.
     *
     * <pre>{@code VectorMath.momentumStep(w, 0, gw, 0, buf, 0, w.length, 0.01f, 0f, 0.9f, 0f, false, false);}</pre>
     *
     * @param p           parameters, updated
     * @param pOff        offset of the first
     * @param g           their gradients
     * @param gOff        offset of the first
     * @param buf         the momentum buffer, updated
     * @param bOff        offset of its first element
     * @param n           number of parameters
     * @param lr          learning rate
     * @param weightDecay L2 penalty factor
     * @param momentum    momentum factor
     * @param dampening   dampening of the new gradient in the buffer
     * @param nesterov    whether to take the Nesterov step
     * @param first       whether this is the buffer's first step (it is then set to {@code d})
     */
    public static void momentumStep(float[] p, int pOff, float[] g, int gOff, float[] buf, int bOff, int n, float lr,
                                    float weightDecay, float momentum, float dampening, boolean nesterov, boolean first) {
        if (Simd.ENABLED) {
            VectorMathSimd.momentumStep(p, pOff, g, gOff, buf, bOff, n, lr, weightDecay, momentum, dampening, nesterov, first);
        } else {
            momentumStepScalar(p, pOff, g, gOff, buf, bOff, 0, n, lr, weightDecay, momentum, dampening, nesterov, first);
        }
    }

    /** The plain-Java twin of {@link #momentumStep}, over elements {@code [from, n)}: also the SIMD loop's tail. */
    static void momentumStepScalar(float[] p, int pOff, float[] g, int gOff, float[] buf, int bOff, int from, int n,
                                   float lr, float weightDecay, float momentum, float dampening, boolean nesterov,
                                   boolean first) {
        float keep = 1 - dampening;
        for (int i = from; i < n; i++) {
            float d = g[gOff + i] + weightDecay * p[pOff + i];
            float b = first ? d : momentum * buf[bOff + i] + keep * d;
            buf[bOff + i] = b;
            p[pOff + i] -= lr * (nesterov ? d + momentum * b : b);
        }
    }

    /**
     * One Adam (or AdamW) step over {@code n} parameters, in place, as PyTorch's {@code Adam}:
     * {@code p' = shrink·p}; {@code g' = g + l2·p'}; {@code m = lerp(m, g', 1 − β1)};
     * {@code v = β2·v + (1 − β2)·g'²} (with AMSGrad {@code vMax = max(vMax, v)} is used for v
     * below); {@code p = p' − stepSize·m / (√v / bc2Sqrt + eps)}. The caller folds the bias
     * corrections into {@code stepSize = lr / (1 − β1ᵗ)} and {@code bc2Sqrt = √(1 − β2ᵗ)}.
     *
     * <pre>{@code VectorMath.adamStep(w, 0, gw, 0, m, 0, v, 0, null, 0, w.length, 1f, 0f, 0.1f, 0.999f, 0.001f, 1e-3f, 0.03f, 1e-8f);}</pre>
     *
     * @param p        parameters, updated
     * @param pOff     offset of the first
     * @param g        their gradients
     * @param gOff     offset of the first
     * @param m        first-moment buffer, updated
     * @param mOff     offset of its first element
     * @param v        second-moment buffer, updated
     * @param vOff     offset of its first element
     * @param vMax     AMSGrad's running maximum of v, updated, or null without AMSGrad
     * @param xOff     offset of its first element
     * @param n        number of parameters
     * @param shrink   factor on p before the step (AdamW's {@code 1 − lr·weightDecay}, else 1)
     * @param l2       L2 penalty added to the gradient (Adam's weight decay, else 0)
     * @param w1       {@code 1 − β1}
     * @param beta2    β2
     * @param w2       {@code 1 − β2}
     * @param stepSize {@code lr / (1 − β1ᵗ)}
     * @param bc2Sqrt  {@code √(1 − β2ᵗ)}
     * @param eps      added to the denominator
     */
    public static void adamStep(float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                                float[] vMax, int xOff, int n, float shrink, float l2, float w1, float beta2, float w2,
                                float stepSize, float bc2Sqrt, float eps) {
        if (Simd.ENABLED) {
            VectorMathSimd.adamStep(p, pOff, g, gOff, m, mOff, v, vOff, vMax, xOff, n, shrink, l2, w1, beta2, w2, stepSize,
                    bc2Sqrt, eps);
        } else {
            adamStepScalar(p, pOff, g, gOff, m, mOff, v, vOff, vMax, xOff, 0, n, shrink, l2, w1, beta2, w2, stepSize,
                    bc2Sqrt, eps);
        }
    }

    /**
     * The plain-Java twin of {@link #adamStep}, over elements {@code [from, n)}: also the SIMD
     * loop's tail. The same operations in the same order, so both give the same bits.
     */
    static void adamStepScalar(float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                               float[] vMax, int xOff, int from, int n, float shrink, float l2, float w1, float beta2, float w2,
                               float stepSize, float bc2Sqrt, float eps) {
        for (int i = from; i < n; i++) {
            float pi = p[pOff + i] * shrink;
            float gi = g[gOff + i] + l2 * pi;
            float mi = lerp(m[mOff + i], gi, w1);
            float vi = v[vOff + i] * beta2 + w2 * gi * gi;
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            if (vMax != null) {
                vi = Math.max(vMax[xOff + i], vi);
                vMax[xOff + i] = vi;
            }
            float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
            p[pOff + i] = pi - stepSize * (mi / denom);
        }
    }

    /**
     * One RMSprop step over {@code n} parameters, in place, as PyTorch's {@code RMSprop}:
     * {@code g' = g + weightDecay·p}; {@code s = alpha·s + (1 − alpha)·g'²}; centered,
     * {@code a = lerp(a, g', 1 − alpha)} and {@code avg = √(s − a²) + eps}, else
     * {@code avg = √s + eps}; with momentum {@code b = momentum·b + g'/avg} and {@code p −= lr·b},
     * else {@code p −= lr·g'/avg}.
     *
     * <pre>{@code VectorMath.rmspropStep(w, 0, gw, 0, sq, 0, null, 0, null, 0, w.length, 0.01f, 0.99f, 0.01f, 1e-8f, 0f, 0f);}</pre>
     *
     * @param p           parameters, updated
     * @param pOff        offset of the first
     * @param g           their gradients
     * @param gOff        offset of the first
     * @param s           the running average of squared gradients, updated
     * @param sOff        offset of its first element
     * @param avg         the running average of gradients when centered, updated, else null
     * @param aOff        offset of its first element
     * @param buf         the momentum buffer when momentum is used, updated, else null
     * @param bOff        offset of its first element
     * @param n           number of parameters
     * @param lr          learning rate
     * @param alpha       smoothing constant
     * @param w           {@code 1 − alpha}
     * @param eps         added to the denominator
     * @param weightDecay L2 penalty factor
     * @param momentum    momentum factor (used when {@code buf} is not null)
     */
    public static void rmspropStep(float[] p, int pOff, float[] g, int gOff, float[] s, int sOff, float[] avg, int aOff,
                                   float[] buf, int bOff, int n, float lr, float alpha, float w, float eps,
                                   float weightDecay, float momentum) {
        if (Simd.ENABLED) {
            VectorMathSimd.rmspropStep(p, pOff, g, gOff, s, sOff, avg, aOff, buf, bOff, n, lr, alpha, w, eps, weightDecay,
                    momentum);
        } else {
            rmspropStepScalar(p, pOff, g, gOff, s, sOff, avg, aOff, buf, bOff, 0, n, lr, alpha, w, eps, weightDecay,
                    momentum);
        }
    }

    /** The plain-Java twin of {@link #rmspropStep} over elements {@code [from, n)}, bit for bit; also the SIMD loop's tail. */
    static void rmspropStepScalar(float[] p, int pOff, float[] g, int gOff, float[] s, int sOff, float[] avg, int aOff,
                                  float[] buf, int bOff, int from, int n, float lr, float alpha, float w, float eps,
                                  float weightDecay, float momentum) {
        for (int i = from; i < n; i++) {
            float gi = g[gOff + i] + weightDecay * p[pOff + i];
            float si = s[sOff + i] * alpha + w * gi * gi;
            s[sOff + i] = si;
            float denom;
            if (avg != null) {
                float ai = lerp(avg[aOff + i], gi, w);
                avg[aOff + i] = ai;
                denom = (float) Math.sqrt(si - ai * ai) + eps;
            } else {
                denom = (float) Math.sqrt(si) + eps;
            }
            if (buf != null) {
                float bi = buf[bOff + i] * momentum + gi / denom;
                buf[bOff + i] = bi;
                p[pOff + i] -= lr * bi;
            } else {
                p[pOff + i] -= lr * (gi / denom);
            }
        }
    }

    /**
     * One Adagrad step over {@code n} parameters, in place, as PyTorch's {@code Adagrad}:
     * {@code g' = g + weightDecay·p}; {@code s += g'²}; {@code p −= lr·g' / (√s + eps)}.
     *
     * <pre>{@code VectorMath.adagradStep(w, 0, gw, 0, sum, 0, w.length, 0.01f, 0f, 1e-10f);}</pre>
     *
     * @param p           parameters, updated
     * @param pOff        offset of the first
     * @param g           their gradients
     * @param gOff        offset of the first
     * @param s           the sum of squared gradients, updated
     * @param sOff        offset of its first element
     * @param n           number of parameters
     * @param lr          the learning rate of this step (after its decay)
     * @param weightDecay L2 penalty factor
     * @param eps         added to the denominator
     */
    public static void adagradStep(float[] p, int pOff, float[] g, int gOff, float[] s, int sOff, int n, float lr,
                                   float weightDecay, float eps) {
        if (Simd.ENABLED) {
            VectorMathSimd.adagradStep(p, pOff, g, gOff, s, sOff, n, lr, weightDecay, eps);
        } else {
            adagradStepScalar(p, pOff, g, gOff, s, sOff, 0, n, lr, weightDecay, eps);
        }
    }

    /** The plain-Java twin of {@link #adagradStep} over elements {@code [from, n)}, bit for bit; also the SIMD loop's tail. */
    static void adagradStepScalar(float[] p, int pOff, float[] g, int gOff, float[] s, int sOff, int from, int n, float lr,
                                  float weightDecay, float eps) {
        for (int i = from; i < n; i++) {
            float gi = g[gOff + i] + weightDecay * p[pOff + i];
            float si = s[sOff + i] + gi * gi;
            s[sOff + i] = si;
            p[pOff + i] -= lr * (gi / ((float) Math.sqrt(si) + eps));
        }
    }

    /**
     * {@code start + weight·(end − start)}, computed as {@code torch.lerp} does for accuracy at
     * both ends (from {@code end} when the weight is at least one half).
     *
     * <pre>{@code float m = VectorMath.lerp(m0, g, 0.1f);   // an exponential moving average step}</pre>
     *
     * @param start  the value at weight 0
     * @param end    the value at weight 1
     * @param weight how far from start to end
     * @return the interpolated value
     */
    public static float lerp(float start, float end, float weight) {
        return weight < 0.5f ? start + weight * (end - start) : end - (end - start) * (1 - weight);
    }

    /**
     * {@code x[i] *= alpha} for {@code i < n}, in place.
     *
     * <pre>{@code VectorMath.scale(0.9f, momentum, 0, momentum.length);}</pre>
     *
     * @param alpha the factor
     * @param x     scaled in place
     * @param xOff  offset of its first element
     * @param n     number of elements
     */
    public static void scale(float alpha, float[] x, int xOff, int n) {
        if (Simd.ENABLED) {
            VectorMathSimd.scale(alpha, x, xOff, n);
        } else {
            scaleScalar(alpha, x, xOff, n);
        }
    }

    static void scaleScalar(float alpha, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            x[xOff + i] *= alpha;
        }
    }

    /**
     * {@code out[i] = max(a[i], 0)} for {@code i < n}; NaN stays NaN, as in PyTorch.
     *
     * <pre>{@code VectorMath.relu(x, 0, out, 0, x.length);}</pre>
     *
     * @param a      input
     * @param aOff   offset of its first element
     * @param out    result
     * @param outOff offset of its first element
     * @param n      number of elements
     */
    public static void relu(float[] a, int aOff, float[] out, int outOff, int n) {
        if (Simd.ENABLED) {
            VectorMathSimd.relu(a, aOff, out, outOff, n);
        } else {
            reluScalar(a, aOff, out, outOff, n);
        }
    }

    static void reluScalar(float[] a, int aOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.max(a[aOff + i], 0f);
        }
    }

    /**
     * The gradient of {@link #relu}: {@code out[i] = x[i] > 0 ? grad[i] : 0} for {@code i < n},
     * where {@code x} is relu's input (or its output: the mask is the same).
     *
     * <pre>{@code VectorMath.reluBackward(x, 0, gradOut, 0, gradIn, 0, x.length);}</pre>
     *
     * @param x       relu's input
     * @param xOff    offset of its first element
     * @param grad    gradient of relu's output
     * @param gradOff offset of its first element
     * @param out     gradient of relu's input
     * @param outOff  offset of its first element
     * @param n       number of elements
     */
    public static void reluBackward(float[] x, int xOff, float[] grad, int gradOff, float[] out, int outOff, int n) {
        if (Simd.ENABLED) {
            VectorMathSimd.reluBackward(x, xOff, grad, gradOff, out, outOff, n);
        } else {
            reluBackwardScalar(x, xOff, grad, gradOff, out, outOff, n);
        }
    }

    static void reluBackwardScalar(float[] x, int xOff, float[] grad, int gradOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] > 0f ? grad[gradOff + i] : 0f;
        }
    }

    /**
     * The sum of {@code a[aOff .. aOff+n)}, in float (0 for {@code n == 0}).
     *
     * <pre>{@code float total = VectorMath.sum(x, 0, x.length);}</pre>
     *
     * @param a    values
     * @param aOff offset of the first
     * @param n    number of elements
     * @return their sum
     */
    public static float sum(float[] a, int aOff, int n) {
        return Simd.ENABLED ? VectorMathSimd.sum(a, aOff, n) : sumScalar(a, aOff, n);
    }

    static float sumScalar(float[] a, int aOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += a[aOff + i];
        }
        return sum;
    }

    /**
     * The dot product {@code Σ a[i]·b[i]} for {@code i < n}.
     *
     * <pre>{@code float d = VectorMath.dot(w, 0, x, 0, w.length);}</pre>
     *
     * @param a    first vector
     * @param aOff offset of its first element
     * @param b    second vector
     * @param bOff offset of its first element
     * @param n    number of elements
     * @return the dot product (0 for {@code n == 0})
     */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return Simd.ENABLED ? VectorMathSimd.dot(a, aOff, b, bOff, n) : dotScalar(a, aOff, b, bOff, n);
    }

    static float dotScalar(float[] a, int aOff, float[] b, int bOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    /**
     * The largest of {@code a[aOff .. aOff+n)}: NaN if any is NaN, {@code -Infinity} for
     * {@code n == 0}.
     *
     * <pre>{@code float m = VectorMath.max(logits, row * classes, classes);   // for a stable softmax}</pre>
     *
     * @param a    values
     * @param aOff offset of the first
     * @param n    number of elements
     * @return their maximum
     */
    public static float max(float[] a, int aOff, int n) {
        return Simd.ENABLED ? VectorMathSimd.max(a, aOff, n) : maxScalar(a, aOff, n);
    }

    static float maxScalar(float[] a, int aOff, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, a[aOff + i]);
        }
        return max;
    }

    /**
     * {@code out[i] = e^a[i]} for {@code i < n}. The SIMD path (range reduction and a
     * polynomial) is within 2 ulp of {@link Math#exp}, overflows to {@code +Infinity} above
     * 88.72, reaches the subnormals, gives 0 below -103.97 and keeps NaN.
     *
     * <pre>{@code VectorMath.exp(logits, 0, probs, 0, logits.length);}</pre>
     *
     * @param a      exponents
     * @param aOff   offset of the first
     * @param out    result
     * @param outOff offset of its first element
     * @param n      number of elements
     */
    public static void exp(float[] a, int aOff, float[] out, int outOff, int n) {
        if (Simd.ENABLED) {
            VectorMathSimd.exp(a, aOff, out, outOff, n);
        } else {
            expScalar(a, aOff, out, outOff, n);
        }
    }

    static void expScalar(float[] a, int aOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) Math.exp(a[aOff + i]);
        }
    }
}
