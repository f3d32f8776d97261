package dev.jtorch.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of {@link VectorMath} (loaded only when {@link Simd#ENABLED}). Each
 * method is the twin of the {@code ...Scalar} method of the same name in {@link VectorMath}:
 * a vector loop over whole vectors, then the scalar tail.
 */
final class VectorMathSimd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorMathSimd() {
    }

    static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    static void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, aOff + i).sub(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a[aOff + i] - b[bOff + i];
        }
    }

    static void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, aOff + i).mul(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    static void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, aOff + i).div(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a[aOff + i] / b[bOff + i];
        }
    }

    static void add(float[] a, int aOff, float s, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, aOff + i).add(s).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a[aOff + i] + s;
        }
    }

    static void sub(float[] a, int aOff, float s, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, aOff + i).sub(s).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a[aOff + i] - s;
        }
    }

    static void mul(float[] a, int aOff, float s, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, aOff + i).mul(s).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a[aOff + i] * s;
        }
    }

    static void div(float[] a, int aOff, float s, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, aOff + i).div(s).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a[aOff + i] / s;
        }
    }

    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int bound = S.loopBound(n); i < bound; i += L) {
            va.fma(FloatVector.fromArray(S, x, xOff + i), FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    static void momentumStep(float[] p, int pOff, float[] g, int gOff, float[] buf, int bOff, int n, float lr,
                             float weightDecay, float momentum, float dampening, boolean nesterov, boolean first) {
        FloatVector vLr = FloatVector.broadcast(S, lr);
        FloatVector vWd = FloatVector.broadcast(S, weightDecay);
        FloatVector vMomentum = FloatVector.broadcast(S, momentum);
        FloatVector vKeep = FloatVector.broadcast(S, 1 - dampening);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector vp = FloatVector.fromArray(S, p, pOff + i);
            FloatVector d = vp.fma(vWd, FloatVector.fromArray(S, g, gOff + i));
            FloatVector b = first ? d : FloatVector.fromArray(S, buf, bOff + i).mul(vMomentum).add(d.mul(vKeep));
            b.intoArray(buf, bOff + i);
            FloatVector step = nesterov ? b.fma(vMomentum, d) : b;
            step.neg().fma(vLr, vp).intoArray(p, pOff + i);
        }
        VectorMath.momentumStepScalar(p, pOff, g, gOff, buf, bOff, i, n, lr, weightDecay, momentum, dampening, nesterov, first);
    }

    static void adamStep(float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                         float[] vMax, int xOff, int n, float shrink, float l2, float w1, float beta2, float w2,
                         float stepSize, float bc2Sqrt, float eps) {
        // the scalar twin's operations, in its order and without fusing, so that both give the same bits
        FloatVector vShrink = FloatVector.broadcast(S, shrink);
        FloatVector vL2 = FloatVector.broadcast(S, l2);
        FloatVector vW1 = FloatVector.broadcast(S, w1);
        FloatVector vOneMinusW1 = FloatVector.broadcast(S, 1 - w1);
        FloatVector vBeta2 = FloatVector.broadcast(S, beta2);
        FloatVector vW2 = FloatVector.broadcast(S, w2);
        FloatVector vStep = FloatVector.broadcast(S, stepSize);
        FloatVector vBc2 = FloatVector.broadcast(S, bc2Sqrt);
        FloatVector vEps = FloatVector.broadcast(S, eps);
        boolean lowWeight = w1 < 0.5f;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector pi = FloatVector.fromArray(S, p, pOff + i).mul(vShrink);
            FloatVector gi = FloatVector.fromArray(S, g, gOff + i).add(vL2.mul(pi));
            FloatVector mOld = FloatVector.fromArray(S, m, mOff + i);
            FloatVector mi = lerp(mOld, gi, vW1, vOneMinusW1, lowWeight);
            FloatVector vi = FloatVector.fromArray(S, v, vOff + i).mul(vBeta2).add(vW2.mul(gi).mul(gi));
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            if (vMax != null) {
                vi = FloatVector.fromArray(S, vMax, xOff + i).max(vi);
                vi.intoArray(vMax, xOff + i);
            }
            FloatVector denom = vi.lanewise(VectorOperators.SQRT).div(vBc2).add(vEps);
            pi.sub(vStep.mul(mi.div(denom))).intoArray(p, pOff + i);
        }
        VectorMath.adamStepScalar(p, pOff, g, gOff, m, mOff, v, vOff, vMax, xOff, i, n, shrink, l2, w1, beta2, w2, stepSize,
                bc2Sqrt, eps);
    }

    /** {@link VectorMath#lerp} lane by lane: {@code weight} and {@code 1 − weight} broadcast, and which of its two forms. */
    private static FloatVector lerp(FloatVector start, FloatVector end, FloatVector weight, FloatVector oneMinusWeight,
                                    boolean lowWeight) {
        return lowWeight ? start.add(weight.mul(end.sub(start))) : end.sub(end.sub(start).mul(oneMinusWeight));
    }

    static void rmspropStep(float[] p, int pOff, float[] g, int gOff, float[] s, int sOff, float[] avg, int aOff,
                            float[] buf, int bOff, int n, float lr, float alpha, float w, float eps,
                            float weightDecay, float momentum) {
        // the scalar twin's operations, in its order and without fusing, so that both give the same bits
        FloatVector vLr = FloatVector.broadcast(S, lr);
        FloatVector vAlpha = FloatVector.broadcast(S, alpha);
        FloatVector vW = FloatVector.broadcast(S, w);
        FloatVector vOneMinusW = FloatVector.broadcast(S, 1 - w);
        FloatVector vEps = FloatVector.broadcast(S, eps);
        FloatVector vWd = FloatVector.broadcast(S, weightDecay);
        FloatVector vMomentum = FloatVector.broadcast(S, momentum);
        boolean lowWeight = w < 0.5f;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector pi = FloatVector.fromArray(S, p, pOff + i);
            FloatVector gi = FloatVector.fromArray(S, g, gOff + i).add(vWd.mul(pi));
            FloatVector si = FloatVector.fromArray(S, s, sOff + i).mul(vAlpha).add(vW.mul(gi).mul(gi));
            si.intoArray(s, sOff + i);
            FloatVector denom;
            if (avg != null) {
                FloatVector ai = lerp(FloatVector.fromArray(S, avg, aOff + i), gi, vW, vOneMinusW, lowWeight);
                ai.intoArray(avg, aOff + i);
                denom = si.sub(ai.mul(ai)).lanewise(VectorOperators.SQRT).add(vEps);
            } else {
                denom = si.lanewise(VectorOperators.SQRT).add(vEps);
            }
            FloatVector step;
            if (buf != null) {
                step = FloatVector.fromArray(S, buf, bOff + i).mul(vMomentum).add(gi.div(denom));
                step.intoArray(buf, bOff + i);
            } else {
                step = gi.div(denom);
            }
            pi.sub(vLr.mul(step)).intoArray(p, pOff + i);
        }
        VectorMath.rmspropStepScalar(p, pOff, g, gOff, s, sOff, avg, aOff, buf, bOff, i, n, lr, alpha, w, eps,
                weightDecay, momentum);
    }

    static void adagradStep(float[] p, int pOff, float[] g, int gOff, float[] s, int sOff, int n, float lr,
                            float weightDecay, float eps) {
        FloatVector vLr = FloatVector.broadcast(S, lr);
        FloatVector vWd = FloatVector.broadcast(S, weightDecay);
        FloatVector vEps = FloatVector.broadcast(S, eps);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector pi = FloatVector.fromArray(S, p, pOff + i);
            FloatVector gi = FloatVector.fromArray(S, g, gOff + i).add(vWd.mul(pi));
            FloatVector si = FloatVector.fromArray(S, s, sOff + i).add(gi.mul(gi));
            si.intoArray(s, sOff + i);
            pi.sub(vLr.mul(gi.div(si.lanewise(VectorOperators.SQRT).add(vEps)))).intoArray(p, pOff + i);
        }
        VectorMath.adagradStepScalar(p, pOff, g, gOff, s, sOff, i, n, lr, weightDecay, eps);
    }

    static void scale(float alpha, float[] x, int xOff, int n) {
        mul(x, xOff, alpha, x, xOff, n);
    }

    static void relu(float[] a, int aOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, aOff + i).max(0f).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = Math.max(a[aOff + i], 0f);
        }
    }

    static void reluBackward(float[] x, int xOff, float[] grad, int gradOff, float[] out, int outOff, int n) {
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, x, xOff + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, grad, gradOff + i), positive).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + i] > 0f ? grad[gradOff + i] : 0f;
        }
    }

    static float sum(float[] a, int aOff, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) { // four chains hide the add latency
            s0 = s0.add(FloatVector.fromArray(S, a, aOff + i));
            s1 = s1.add(FloatVector.fromArray(S, a, aOff + i + L));
            s2 = s2.add(FloatVector.fromArray(S, a, aOff + i + 2 * L));
            s3 = s3.add(FloatVector.fromArray(S, a, aOff + i + 3 * L));
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            s0 = s0.add(FloatVector.fromArray(S, a, aOff + i));
        }
        float sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += a[aOff + i];
        }
        return sum;
    }

    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
            s1 = FloatVector.fromArray(S, a, aOff + i + L).fma(FloatVector.fromArray(S, b, bOff + i + L), s1);
            s2 = FloatVector.fromArray(S, a, aOff + i + 2 * L).fma(FloatVector.fromArray(S, b, bOff + i + 2 * L), s2);
            s3 = FloatVector.fromArray(S, a, aOff + i + 3 * L).fma(FloatVector.fromArray(S, b, bOff + i + 3 * L), s3);
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
        }
        float sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum = Math.fma(a[aOff + i], b[bOff + i], sum);
        }
        return sum;
    }

    static float max(float[] a, int aOff, int n) {
        int i = 0;
        float max = Float.NEGATIVE_INFINITY;
        if (n >= L) {
            FloatVector m = FloatVector.fromArray(S, a, aOff);
            for (i = L; i <= n - L; i += L) {
                m = m.max(FloatVector.fromArray(S, a, aOff + i));
            }
            max = m.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) {
            max = Math.max(max, a[aOff + i]);
        }
        return max;
    }

    // exp(x) = 2^n · e^r with n = round(x / ln 2), r = x - n·ln 2 in [-ln2/2, ln2/2], and e^r by
    // a degree-6 polynomial (Cephes expf). ln 2 is split in two so r is exact to float precision.
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2^23: adding it rounds a float of magnitude below 2^22 to an integer in the low mantissa bits. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = 0x4B400000;
    /** Above: +inf (float max is e^88.72). Below: 0 (the smallest subnormal is e^-103.28). */
    private static final float EXP_HI = 88.72284f;
    private static final float EXP_LO = -103.97208f;

    static void exp(float[] a, int aOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            exp(FloatVector.fromArray(S, a, aOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = (float) Math.exp(a[aOff + i]);
        }
    }

    private static FloatVector exp(FloatVector x) {
        FloatVector t = x.fma(LOG2E, ROUND);
        FloatVector nf = t.sub(ROUND);
        IntVector ni = t.reinterpretAsInts().sub(ROUND_BITS);
        FloatVector r = nf.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = nf.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f)
                .fma(r, FloatVector.broadcast(S, 8.3334519073e-3f))
                .fma(r, FloatVector.broadcast(S, 4.1665795894e-2f))
                .fma(r, FloatVector.broadcast(S, 1.6666665459e-1f))
                .fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
        FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
        // 2^n as two factors 2^(n/2)·2^(n - n/2), so that results near overflow and subnormal
        // results are both reachable without an out-of-range exponent field
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector f1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector f2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        y = y.mul(f1).mul(f2);
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_HI));
        return y.blend(0f, x.compare(VectorOperators.LT, EXP_LO));
    }
}
