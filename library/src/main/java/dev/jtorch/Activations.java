package dev.jtorch;

/**
 * Activations that are not a composition of other ops: GELU with the exact Gaussian CDF.
 * Its derivative is itself a recorded op, so second derivatives flow through it too.
 */
final class Activations {
    private Activations() {
    }

    private static final double INV_SQRT2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    /** {@code x·Φ(x)}, Φ the standard normal CDF. */
    static Tensor gelu(Tensor x) {
        x.requireFloat("gelu");
        float[] src = x.floatData();
        float[] dst = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            dst[i] = (float) (src[i] * cdf(src[i]));
        }
        Tensor out = Tensor.of(dst, x.shape.clone());
        return Tensor.record("GeluBackward0", out, new Tensor[]{x}, new Tensor[]{x},
                g -> new Tensor[]{g.mul(geluDerivative(x))});
    }

    /** {@code Φ(x) + x·φ(x)}, the slope of GELU; its own slope is {@code φ(x)·(2 - x²)}. */
    private static Tensor geluDerivative(Tensor x) {
        float[] src = x.floatData();
        float[] d1 = new float[src.length];
        float[] d2 = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            double v = src[i];
            double pdf = INV_SQRT_2PI * Math.exp(-0.5 * v * v);
            d1[i] = (float) (cdf(v) + v * pdf);
            d2[i] = (float) (pdf * (2 - v * v));
        }
        Tensor out = Tensor.of(d1, x.shape.clone());
        Tensor slope = Tensor.of(d2, x.shape.clone());
        return Tensor.record("GeluBackwardBackward0", out, new Tensor[]{x}, g -> new Tensor[]{g.mul(slope)});
    }

    private static double cdf(double x) {
        return 0.5 * (1 + erf(x * INV_SQRT2));
    }

    /** The error function, by W. J. Cody's rational Chebyshev approximations (about 1e-15 relative). */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 0.5) {
            double t = x * x;
            double num = (((0.1857777061846031526730 * t + 3.161123743870565596947) * t + 113.8641541510501556495) * t
                    + 377.4852376853020208137) * t + 3209.377589138469472562;
            double den = (((t + 23.60129095234412093499) * t + 244.0246379344441733056) * t
                    + 1282.616526077372275645) * t + 2844.236833439170622273;
            return x * num / den;
        }
        double erfc;
        if (ax < 4) {
            double num = ((((((((2.15311535474403846343e-8 * ax + 0.564188496988670089180) * ax + 8.88314979438837594118) * ax
                    + 66.1191906371416294775) * ax + 298.635138197400131132) * ax + 881.952221241769090411) * ax
                    + 1712.04761263407058314) * ax + 2051.07837782607146532) * ax + 1230.33935479799725272);
            double den = ((((((((ax + 15.7449261107098347253) * ax + 117.693950891312499305) * ax
                    + 537.181101862009857509) * ax + 1621.38957456669018874) * ax + 3290.79923573345962678) * ax
                    + 4362.61909014324715820) * ax + 3439.36767414372163696) * ax + 1230.33935480374942043);
            erfc = Math.exp(-ax * ax) * num / den;
        } else {
            double z = 1 / (ax * ax);
            double num = ((((0.0163153871373020978498 * z + 0.305326634961232344035) * z + 0.360344899949804439429) * z
                    + 0.125781726111229246204) * z + 0.0160837851487422766278) * z + 6.58749161529837803157e-4;
            double den = ((((z + 2.56852019228982242072) * z + 1.87295284992346725209) * z
                    + 0.527905102951428412248) * z + 0.0605183413124413191178) * z + 2.33520497626869185443e-3;
            erfc = Math.exp(-ax * ax) / ax * (0.5641895835477562869 - z * num / den);
        }
        double r = 1 - erfc;
        return x < 0 ? -r : r;
    }
}
