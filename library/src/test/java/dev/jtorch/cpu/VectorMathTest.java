package dev.jtorch.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every SIMD kernel against its scalar twin, on random lengths (vector multiples and tails) and offsets. */
class VectorMathTest {
    private final Random rnd = new Random(3);

    private float[] random(int len, float scale) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (rnd.nextFloat() * 2 - 1) * scale;
        }
        return x;
    }

    /** A kernel of shape (a, aOff, b, bOff, out, outOff, n). */
    private interface Binary {
        void run(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);
    }

    private void checkBinary(String name, Binary simd, Binary scalar) {
        for (int trial = 0; trial < 200; trial++) {
            int n = rnd.nextInt(100);
            int aOff = rnd.nextInt(4), bOff = rnd.nextInt(4), oOff = rnd.nextInt(4);
            float[] a = random(aOff + n + 2, 10), b = random(bOff + n + 2, 10);
            float[] out1 = random(oOff + n + 2, 1), out2 = out1.clone();
            simd.run(a, aOff, b, bOff, out1, oOff, n);
            scalar.run(a, aOff, b, bOff, out2, oOff, n);
            assertArrayEquals(out2, out1, name + " n=" + n); // elementwise: exact, guard elements untouched
        }
    }

    @Test
    void elementwiseKernelsMatchScalarTwinsExactly() {
        checkBinary("add", VectorMathSimd::add, VectorMath::addScalar);
        checkBinary("sub", VectorMathSimd::sub, VectorMath::subScalar);
        checkBinary("mul", VectorMathSimd::mul, VectorMath::mulScalar);
        checkBinary("div", VectorMathSimd::div, VectorMath::divScalar);
        float s = 1.75f;
        checkBinary("add scalar", (a, ao, b, bo, o, oo, n) -> VectorMathSimd.add(a, ao, s, o, oo, n),
                (a, ao, b, bo, o, oo, n) -> VectorMath.addScalar(a, ao, s, o, oo, n));
        checkBinary("sub scalar", (a, ao, b, bo, o, oo, n) -> VectorMathSimd.sub(a, ao, s, o, oo, n),
                (a, ao, b, bo, o, oo, n) -> VectorMath.subScalar(a, ao, s, o, oo, n));
        checkBinary("mul scalar", (a, ao, b, bo, o, oo, n) -> VectorMathSimd.mul(a, ao, s, o, oo, n),
                (a, ao, b, bo, o, oo, n) -> VectorMath.mulScalar(a, ao, s, o, oo, n));
        checkBinary("div scalar", (a, ao, b, bo, o, oo, n) -> VectorMathSimd.div(a, ao, s, o, oo, n),
                (a, ao, b, bo, o, oo, n) -> VectorMath.divScalar(a, ao, s, o, oo, n));
        checkBinary("relu", (a, ao, b, bo, o, oo, n) -> VectorMathSimd.relu(a, ao, o, oo, n),
                (a, ao, b, bo, o, oo, n) -> VectorMath.reluScalar(a, ao, o, oo, n));
        checkBinary("reluBackward", VectorMathSimd::reluBackward, VectorMath::reluBackwardScalar);
        checkBinary("scale", (a, ao, b, bo, o, oo, n) -> VectorMathSimd.scale(-0.3f, o, oo, n),
                (a, ao, b, bo, o, oo, n) -> VectorMath.scaleScalar(-0.3f, o, oo, n));
    }

    @Test
    void axpyMatchesScalarTwinToRounding() {
        for (int trial = 0; trial < 200; trial++) {
            int n = rnd.nextInt(100), xOff = rnd.nextInt(4), yOff = rnd.nextInt(4);
            float[] x = random(xOff + n, 4), y1 = random(yOff + n + 2, 4), y2 = y1.clone();
            VectorMathSimd.axpy(0.37f, x, xOff, y1, yOff, n);
            VectorMath.axpyScalar(0.37f, x, xOff, y2, yOff, n);
            assertArrayEquals(y2, y1, 1e-5f, "axpy n=" + n);
        }
    }

    @Test
    void momentumStepMatchesScalarTwinToRoundingInEveryMode() {
        for (int trial = 0; trial < 200; trial++) {
            int n = rnd.nextInt(100), pOff = rnd.nextInt(4), gOff = rnd.nextInt(4), bOff = rnd.nextInt(4);
            boolean nesterov = rnd.nextBoolean(), first = rnd.nextBoolean();
            float wd = rnd.nextBoolean() ? 0f : 0.01f, dampening = rnd.nextBoolean() ? 0f : 0.1f;
            float[] g = random(gOff + n, 4);
            float[] p1 = random(pOff + n + 2, 4), p2 = p1.clone(), b1 = random(bOff + n + 2, 4), b2 = b1.clone();
            VectorMathSimd.momentumStep(p1, pOff, g, gOff, b1, bOff, n, 0.1f, wd, 0.9f, dampening, nesterov, first);
            VectorMath.momentumStepScalar(p2, pOff, g, gOff, b2, bOff, 0, n, 0.1f, wd, 0.9f, dampening, nesterov, first);
            String what = "momentum step n=" + n + " nesterov=" + nesterov + " first=" + first;
            assertArrayEquals(p2, p1, 1e-5f, what + " (parameters)");
            assertArrayEquals(b2, b1, 1e-5f, what + " (buffer)");
        }
    }

    @Test
    void adamStepMatchesScalarTwinBitForBit() {
        for (int trial = 0; trial < 200; trial++) {
            int n = rnd.nextInt(100), pOff = rnd.nextInt(4), gOff = rnd.nextInt(4), mOff = rnd.nextInt(4), vOff = rnd.nextInt(4);
            boolean amsgrad = rnd.nextBoolean();
            float w1 = rnd.nextBoolean() ? 0.1f : 0.7f;   // both branches of lerp
            float shrink = rnd.nextBoolean() ? 1f : 0.999f, l2 = rnd.nextBoolean() ? 0f : 0.01f;
            float[] g = random(gOff + n, 4);
            float[] p1 = random(pOff + n + 2, 4), p2 = p1.clone(), m1 = random(mOff + n + 2, 1), m2 = m1.clone();
            float[] v1 = random(vOff + n + 2, 1), v2;
            for (int i = 0; i < v1.length; i++) {
                v1[i] = Math.abs(v1[i]);
            }
            v2 = v1.clone();
            float[] x1 = amsgrad ? random(n + 1, 1) : null, x2 = amsgrad ? x1.clone() : null;
            VectorMathSimd.adamStep(p1, pOff, g, gOff, m1, mOff, v1, vOff, x1, 1, n, shrink, l2, w1, 0.999f, 0.001f,
                    0.01f, 0.03f, 1e-8f);
            VectorMath.adamStepScalar(p2, pOff, g, gOff, m2, mOff, v2, vOff, x2, 1, 0, n, shrink, l2, w1, 0.999f, 0.001f,
                    0.01f, 0.03f, 1e-8f);
            String what = "adam step n=" + n + " amsgrad=" + amsgrad + " w1=" + w1;
            assertArrayEquals(p2, p1, what + " (parameters)");
            assertArrayEquals(m2, m1, what + " (first moment)");
            assertArrayEquals(v2, v1, what + " (second moment)");
            if (amsgrad) {
                assertArrayEquals(x2, x1, what + " (running maximum)");
            }
        }
    }

    @Test
    void rmspropAndAdagradStepsMatchScalarTwinsBitForBit() {
        for (int trial = 0; trial < 200; trial++) {
            int n = rnd.nextInt(100), pOff = rnd.nextInt(4), sOff = rnd.nextInt(4);
            boolean centered = rnd.nextBoolean(), withMomentum = rnd.nextBoolean();
            float alpha = rnd.nextBoolean() ? 0.99f : 0.3f;   // both branches of lerp
            float wd = rnd.nextBoolean() ? 0f : 0.01f;
            float[] g = random(n + 1, 4);
            float[] p1 = random(pOff + n + 2, 4), p2 = p1.clone();
            float[] s1 = random(sOff + n + 2, 1);
            for (int i = 0; i < s1.length; i++) {
                s1[i] = 1 + Math.abs(s1[i]);   // above any squared running mean: the centered root stays real
            }
            float[] s2 = s1.clone();
            float[] a1 = centered ? random(n, 1) : null, a2 = centered ? a1.clone() : null;
            float[] b1 = withMomentum ? random(n + 3, 1) : null, b2 = withMomentum ? b1.clone() : null;
            VectorMathSimd.rmspropStep(p1, pOff, g, 1, s1, sOff, a1, 0, b1, 0, n, 0.01f, alpha,
                    1 - alpha, 1e-8f, wd, 0.9f);
            VectorMath.rmspropStepScalar(p2, pOff, g, 1, s2, sOff, a2, 0, b2, 0, 0, n, 0.01f, alpha, 1 - alpha, 1e-8f,
                    wd, 0.9f);
            String what = "rmsprop n=" + n + " centered=" + centered + " momentum=" + withMomentum + " alpha=" + alpha;
            assertArrayEquals(p2, p1, what + " (parameters)");
            assertArrayEquals(s2, s1, what + " (square average)");
            if (centered) {
                assertArrayEquals(a2, a1, what + " (gradient average)");
            }
            if (withMomentum) {
                assertArrayEquals(b2, b1, what + " (momentum)");
            }
            float[] q1 = random(pOff + n + 2, 4), q2 = q1.clone(), t1 = random(sOff + n + 2, 1), t2;
            for (int i = 0; i < t1.length; i++) {
                t1[i] = Math.abs(t1[i]);
            }
            t2 = t1.clone();
            VectorMathSimd.adagradStep(q1, pOff, g, 1, t1, sOff, n, 0.01f, wd, 1e-10f);
            VectorMath.adagradStepScalar(q2, pOff, g, 1, t2, sOff, 0, n, 0.01f, wd, 1e-10f);
            assertArrayEquals(q2, q1, "adagrad n=" + n + " (parameters)");
            assertArrayEquals(t2, t1, "adagrad n=" + n + " (sum)");
        }
    }

    @Test
    void reductionsMatchScalarTwinsToRounding() {
        for (int trial = 0; trial < 300; trial++) {
            int n = rnd.nextInt(300), off = rnd.nextInt(4);
            float[] a = random(off + n, 3), b = random(off + n, 3);
            float absSum = 0;
            for (int i = 0; i < n; i++) {
                absSum += Math.abs(a[off + i]) * (1 + Math.abs(b[off + i]));
            }
            float tol = 1e-5f * (absSum + 1);
            assertEquals(VectorMath.sumScalar(a, off, n), VectorMathSimd.sum(a, off, n), tol, "sum n=" + n);
            assertEquals(VectorMath.dotScalar(a, off, b, off, n), VectorMathSimd.dot(a, off, b, off, n), tol, "dot n=" + n);
            assertEquals(VectorMath.maxScalar(a, off, n), VectorMathSimd.max(a, off, n), "max n=" + n);
        }
    }

    @Test
    void maxPropagatesNaNAndIsMinusInfinityWhenEmpty() {
        float[] a = random(50, 1);
        a[37] = Float.NaN;
        assertTrue(Float.isNaN(VectorMathSimd.max(a, 0, 50)));
        assertTrue(Float.isNaN(VectorMath.maxScalar(a, 0, 50)));
        assertEquals(Float.NEGATIVE_INFINITY, VectorMathSimd.max(a, 0, 0));
    }

    @Test
    void expIsWithinTwoUlpOfMathExpAcrossTheFloatRange() {
        int n = 20_000;
        float[] x = new float[n + 12];
        for (int i = 0; i < n; i++) {
            x[i] = -104f + 193f * i / n; // from below the subnormal limit to beyond overflow
        }
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 88.72f, 88.73f,
                -87.5f, -100f, -103.9f, 1e-8f, -1e-8f};
        System.arraycopy(special, 0, x, n, special.length);
        float[] got = new float[x.length], want = new float[x.length];
        VectorMathSimd.exp(x, 0, got, 0, x.length);
        VectorMath.expScalar(x, 0, want, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(want[i]) || Float.isInfinite(want[i]) || want[i] == 0f) {
                assertEquals(want[i], got[i], "exp(" + x[i] + ")");
            } else if (want[i] < Float.MIN_NORMAL) { // subnormal results: absolute error of a few ulps of MIN_VALUE
                assertEquals(want[i], got[i], 3 * Float.MIN_VALUE, "exp(" + x[i] + ")");
            } else {
                assertEquals(want[i], got[i], 2 * Math.ulp(want[i]), "exp(" + x[i] + ")");
            }
        }
    }

    @Test
    void publicEntryPointsComputeTheDocumentedValues() {
        float[] x = {1, -2, 3};
        float[] y = new float[3];
        VectorMath.relu(x, 0, y, 0, 3);
        VectorMath.axpy(0.5f, x, 0, y, 0, 3);
        assertArrayEquals(new float[] {1.5f, -1f, 4.5f}, y);
        assertEquals(5f, VectorMath.sum(y, 0, 3));
        assertEquals(1.5f - 2f * -1f + 3f * 4.5f, VectorMath.dot(x, 0, y, 0, 3));
    }
}
