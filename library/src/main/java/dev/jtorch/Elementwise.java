package dev.jtorch;

import dev.jtorch.cpu.Parallel;
import dev.jtorch.cpu.VectorMath;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Elementwise float ops with broadcasting, each forward next to its backward. The loops
 * run over primitive arrays, with the op chosen once per row, never per element.
 */
final class Elementwise {
    private Elementwise() {
    }

    /** Below this many elements an op stays on the calling thread. */
    private static final int GRAIN = 1 << 15;

    enum Binary { ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM }

    enum Unary { NEG, EXP, LOG, SQRT, RSQRT, ABS, SIGMOID, TANH, RELU, SIN, COS, RECIPROCAL, SIGN }

    // ---------------------------------------------------------------- binary ops with their gradients

    static Tensor add(Tensor a, Tensor b) {
        if (integral(a, b)) {
            return integerBinary(Binary.ADD, "add", a, b);
        }
        Tensor out = binary(Binary.ADD, "add", a, b);
        return Tensor.record("AddBackward0", out, new Tensor[]{a, b},
                g -> new Tensor[]{sumTo(g, a.shape), sumTo(g, b.shape)});
    }

    static Tensor sub(Tensor a, Tensor b) {
        if (integral(a, b)) {
            return integerBinary(Binary.SUB, "sub", a, b);
        }
        Tensor out = binary(Binary.SUB, "sub", a, b);
        return Tensor.record("SubBackward0", out, new Tensor[]{a, b},
                g -> new Tensor[]{sumTo(g, a.shape), sumTo(g.neg(), b.shape)});
    }

    static Tensor mul(Tensor a, Tensor b) {
        if (integral(a, b)) {
            return integerBinary(Binary.MUL, "mul", a, b);
        }
        Tensor out = binary(Binary.MUL, "mul", a, b);
        return Tensor.record("MulBackward0", out, new Tensor[]{a, b}, neededBy(a, b),
                g -> new Tensor[]{
                        a.requiresGrad() ? sumTo(g.mul(b), a.shape) : null,
                        b.requiresGrad() ? sumTo(g.mul(a), b.shape) : null});
    }

    static Tensor div(Tensor a, Tensor b) {
        Tensor out = binary(Binary.DIV, "div", a, b);
        return Tensor.record("DivBackward0", out, new Tensor[]{a, b}, b.requiresGrad() ? new Tensor[]{a, b} : new Tensor[]{b},
                g -> new Tensor[]{
                        a.requiresGrad() ? sumTo(g.div(b), a.shape) : null,
                        b.requiresGrad() ? sumTo(g.neg().mul(a).div(b.mul(b)), b.shape) : null});
    }

    static Tensor pow(Tensor a, Tensor b) {
        Tensor out = binary(Binary.POW, "pow", a, b);
        return Tensor.record("PowBackward1", out, new Tensor[]{a, b}, new Tensor[]{a, b},
                g -> new Tensor[]{
                        a.requiresGrad() ? sumTo(g.mul(b).mul(a.pow(b.sub(1))), a.shape) : null,
                        b.requiresGrad() ? sumTo(g.mul(a.pow(b)).mul(a.log()), b.shape) : null});
    }

    static Tensor powScalar(Tensor a, double p) {
        Tensor out = binary(Binary.POW, "pow", a, Torch.scalar(p));
        return Tensor.record("PowBackward0", out, new Tensor[]{a}, new Tensor[]{a},
                g -> new Tensor[]{p == 2 ? g.mul(a).mul(2) : g.mul(a.pow(p - 1)).mul(p)});
    }

    static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = binary(Binary.MAXIMUM, "maximum", a, b);
        return Tensor.record("MaximumBackward0", out, new Tensor[]{a, b}, new Tensor[]{a, b}, g -> {
            Tensor pickA = a.ge(b).toFloat();
            return new Tensor[]{sumTo(g.mul(pickA), a.shape), sumTo(g.mul(pickA.neg().add(1)), b.shape)};
        });
    }

    static Tensor minimum(Tensor a, Tensor b) {
        Tensor out = binary(Binary.MINIMUM, "minimum", a, b);
        return Tensor.record("MinimumBackward0", out, new Tensor[]{a, b}, new Tensor[]{a, b}, g -> {
            Tensor pickA = a.le(b).toFloat();
            return new Tensor[]{sumTo(g.mul(pickA), a.shape), sumTo(g.mul(pickA.neg().add(1)), b.shape)};
        });
    }

    /** Whether neither operand is float: then add, sub and mul stay int64, as in PyTorch. */
    private static boolean integral(Tensor a, Tensor b) {
        return a.dtype != DType.FLOAT32 && b.dtype != DType.FLOAT32;
    }

    /** add, sub or mul of int64/bool tensors, exact in int64 (no gradient: integers have none). */
    private static Tensor integerBinary(Binary op, String name, Tensor a, Tensor b) {
        Strided.Pair p = Strided.Pair.of(name, a, b);
        long[] out = new long[Shapes.numel(p.shape())];
        for (int r = 0, o = 0; r < p.rows(); r++) {
            for (int j = 0, ai = p.aRows()[r], bi = p.bRows()[r]; j < p.n(); j++, ai += p.sa(), bi += p.sb(), o++) {
                long x = (long) a.getFlat(ai);
                long y = (long) b.getFlat(bi);
                out[o] = switch (op) {
                    case ADD -> x + y;
                    case SUB -> x - y;
                    default -> x * y;
                };
            }
        }
        return Tensor.of(out, p.shape());
    }

    /** For a product: each factor's value is needed only if the other factor wants a gradient. */
    private static Tensor[] neededBy(Tensor a, Tensor b) {
        if (a.requiresGrad() && b.requiresGrad()) {
            return new Tensor[]{a, b};
        }
        return a.requiresGrad() ? new Tensor[]{b} : new Tensor[]{a};
    }

    /** Reduces a broadcast gradient back to {@code shape} by summing the broadcast dims. */
    static Tensor sumTo(Tensor g, int[] shape) {
        if (Arrays.equals(g.shape, shape)) {
            return g;
        }
        int lead = g.shape.length - shape.length;
        int[] dims = new int[g.shape.length];
        int count = 0;
        for (int d = 0; d < g.shape.length; d++) {
            if (d < lead || (shape[d - lead] == 1 && g.shape[d] != 1)) {
                dims[count++] = d;
            }
        }
        Tensor summed = count == 0 ? g : Reductions.sum(g, Arrays.copyOf(dims, count), true);
        return summed.reshape(shape);
    }

    // ---------------------------------------------------------------- unary ops with their gradients

    static Tensor unary(Unary op, Tensor x) {
        Tensor in = x.toFloat();
        float[] src = in.floatData();
        float[] dst = new float[src.length];
        Parallel.forRange(src.length, GRAIN, (from, to) -> apply(op, src, dst, from, to));
        Tensor out = Tensor.of(dst, x.shape.clone());
        String name = switch (op) {
            case NEG -> "NegBackward0";
            case EXP -> "ExpBackward0";
            case LOG -> "LogBackward0";
            case SQRT -> "SqrtBackward0";
            case RSQRT -> "RsqrtBackward0";
            case ABS -> "AbsBackward0";
            case SIGMOID -> "SigmoidBackward0";
            case TANH -> "TanhBackward0";
            case RELU -> "ReluBackward0";
            case SIN -> "SinBackward0";
            case COS -> "CosBackward0";
            case RECIPROCAL -> "ReciprocalBackward0";
            case SIGN -> "SignBackward0";
        };
        Tensor result = out;
        // Ops whose derivative is written with their own result keep that result for backward.
        boolean usesResult = switch (op) {
            case EXP, SQRT, RSQRT, SIGMOID, TANH, RECIPROCAL -> true;
            default -> false;
        };
        Tensor[] saved = usesResult ? new Tensor[]{x, out} : new Tensor[]{x};
        return Tensor.record(name, out, new Tensor[]{x}, saved, g -> new Tensor[]{switch (op) {
            case NEG -> g.neg();
            case EXP -> g.mul(result);
            case LOG -> g.div(x);
            case SQRT -> g.div(result.mul(2));
            case RSQRT -> g.mul(result.pow(3)).mul(-0.5);
            case ABS -> g.mul(x.sign());
            case SIGMOID -> g.mul(result.mul(result.neg().add(1)));
            case TANH -> g.mul(result.mul(result).neg().add(1));
            case RELU -> GradMode.enabled() ? g.mul(positiveMask(x)) : reluBackward(x, g);
            case SIN -> g.mul(x.cos());
            case COS -> g.mul(x.sin()).neg();
            case RECIPROCAL -> g.mul(result.mul(result)).neg();
            case SIGN -> Torch.zerosLike(g);
        }});
    }

    /** 1 where {@code x > 0}, else 0: relu's derivative, a constant of the graph (for double backward). */
    private static Tensor positiveMask(Tensor x) {
        float[] src = x.floatData();
        float[] mask = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            mask[i] = src[i] > 0 ? 1f : 0f;
        }
        return Tensor.of(mask, x.shape.clone());
    }

    /** {@code g} where {@code x > 0}, else 0, in one SIMD pass (the usual, non-differentiable backward). */
    private static Tensor reluBackward(Tensor x, Tensor g) {
        float[] src = x.floatData();
        float[] grad = g.floatData();
        float[] out = new float[src.length];
        Parallel.forRange(src.length, GRAIN, (from, to) ->
                VectorMath.reluBackward(src, from, grad, from, out, from, to - from));
        return Tensor.of(out, x.shape.clone());
    }

    static Tensor clamp(Tensor x, double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min (" + min + ") must not be greater than max (" + max + ")");
        }
        float lo = (float) min;
        float hi = (float) max;
        float[] src = x.toFloat().floatData();
        float[] dst = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            dst[i] = Math.min(Math.max(src[i], lo), hi);
        }
        Tensor out = Tensor.of(dst, x.shape.clone());
        return Tensor.record("ClampBackward1", out, new Tensor[]{x}, new Tensor[]{x},
                g -> new Tensor[]{g.mul(x.ge(min).logicalAnd(x.le(max)).toFloat())});
    }

    /** Applies {@code op} to elements {@code [from, to)}. */
    private static void apply(Unary op, float[] s, float[] d, int from, int to) {
        switch (op) {
            case NEG -> VectorMath.mul(s, from, -1f, d, from, to - from);
            case EXP -> VectorMath.exp(s, from, d, from, to - from);
            case RELU -> VectorMath.relu(s, from, d, from, to - from);
            case LOG -> { for (int i = from; i < to; i++) d[i] = (float) Math.log(s[i]); }
            case SQRT -> { for (int i = from; i < to; i++) d[i] = (float) Math.sqrt(s[i]); }
            case RSQRT -> { for (int i = from; i < to; i++) d[i] = (float) (1.0 / Math.sqrt(s[i])); }
            case ABS -> { for (int i = from; i < to; i++) d[i] = Math.abs(s[i]); }
            case SIGMOID -> { for (int i = from; i < to; i++) d[i] = (float) (1.0 / (1.0 + Math.exp(-s[i]))); }
            case TANH -> { for (int i = from; i < to; i++) d[i] = (float) Math.tanh(s[i]); }
            case SIN -> { for (int i = from; i < to; i++) d[i] = (float) Math.sin(s[i]); }
            case COS -> { for (int i = from; i < to; i++) d[i] = (float) Math.cos(s[i]); }
            case RECIPROCAL -> { for (int i = from; i < to; i++) d[i] = 1f / s[i]; }
            case SIGN -> { for (int i = from; i < to; i++) d[i] = Math.signum(s[i]); }
        }
    }

    // ---------------------------------------------------------------- the binary kernel

    /** The raw (unrecorded) result of a binary float op with broadcasting. */
    static Tensor binary(Binary op, String name, Tensor a, Tensor b) {
        a = a.toFloat();
        b = b.toFloat();
        if (Arrays.equals(a.shape, b.shape) && a.isContiguous() && b.isContiguous()) {
            float[] out = new float[a.numel()];
            float[] x = a.storage.f;
            float[] y = b.storage.f;
            int xo = a.offset;
            int yo = b.offset;
            Parallel.forRange(out.length, GRAIN, (from, to) ->
                    run(op, x, xo + from, 1, y, yo + from, 1, out, from, to - from));
            return Tensor.of(out, a.shape.clone());
        }
        Strided.Pair p = Strided.Pair.of(name, a, b);
        float[] out = new float[Shapes.numel(p.shape())];
        for (int r = 0; r < p.rows(); r++) {
            run(op, a.storage.f, p.aRows()[r], p.sa(), b.storage.f, p.bRows()[r], p.sb(), out, r * p.n(), p.n());
        }
        return Tensor.of(out, p.shape());
    }

    private static void run(Binary op, float[] a, int ai, int sa, float[] b, int bi, int sb, float[] o, int oi, int n) {
        if (sa == 1 && sb == 1) {
            switch (op) {
                case ADD -> VectorMath.add(a, ai, b, bi, o, oi, n);
                case SUB -> VectorMath.sub(a, ai, b, bi, o, oi, n);
                case MUL -> VectorMath.mul(a, ai, b, bi, o, oi, n);
                case DIV -> VectorMath.div(a, ai, b, bi, o, oi, n);
                default -> runStrided(op, a, ai, sa, b, bi, sb, o, oi, n);
            }
        } else if (sa == 1 && sb == 0) {
            float v = b[bi];
            switch (op) {
                case ADD -> VectorMath.add(a, ai, v, o, oi, n);
                case SUB -> VectorMath.sub(a, ai, v, o, oi, n);
                case MUL -> VectorMath.mul(a, ai, v, o, oi, n);
                case DIV -> VectorMath.div(a, ai, v, o, oi, n);
                default -> runStrided(op, a, ai, sa, b, bi, sb, o, oi, n);
            }
        } else {
            runStrided(op, a, ai, sa, b, bi, sb, o, oi, n);
        }
    }

    private static void runStrided(Binary op, float[] a, int ai, int sa, float[] b, int bi, int sb, float[] o, int oi, int n) {
        switch (op) {
            case ADD -> { for (int j = 0; j < n; j++, ai += sa, bi += sb) o[oi + j] = a[ai] + b[bi]; }
            case SUB -> { for (int j = 0; j < n; j++, ai += sa, bi += sb) o[oi + j] = a[ai] - b[bi]; }
            case MUL -> { for (int j = 0; j < n; j++, ai += sa, bi += sb) o[oi + j] = a[ai] * b[bi]; }
            case DIV -> { for (int j = 0; j < n; j++, ai += sa, bi += sb) o[oi + j] = a[ai] / b[bi]; }
            case POW -> { for (int j = 0; j < n; j++, ai += sa, bi += sb) o[oi + j] = pow(a[ai], b[bi]); }
            case MAXIMUM -> { for (int j = 0; j < n; j++, ai += sa, bi += sb) o[oi + j] = Math.max(a[ai], b[bi]); }
            case MINIMUM -> { for (int j = 0; j < n; j++, ai += sa, bi += sb) o[oi + j] = Math.min(a[ai], b[bi]); }
        }
    }

    private static float pow(float x, float p) {
        return p == 2f ? x * x : p == 1f ? x : p == 0.5f ? (float) Math.sqrt(x) : (float) Math.pow(x, p);
    }

    // ---------------------------------------------------------------- in-place

    /**
     * Runs {@code op} out of place on an alias of {@code self} and writes the result back
     * into {@code self}'s storage. When the op was recorded, {@code self} takes over its
     * graph node (the alias keeps the old one), as PyTorch rebases in-place results.
     */
    static Tensor inPlace(String name, Tensor self, UnaryOperator<Tensor> op) {
        self.checkInPlaceAllowed(name);
        Tensor alias = new Tensor(self.storage, self.offset, self.shape, self.stride, self.dtype);
        alias.gradFn = self.gradFn;
        if (self.requiresGrad() && self.gradFn != null) {
            alias.requiresGradFromGraph();
        }
        Tensor result = op.apply(alias);
        if (!Arrays.equals(result.shape, self.shape)) {
            throw new IllegalArgumentException(name + ": the result has shape " + Shapes.str(result.shape)
                    + " but the in-place target has shape " + Shapes.str(self.shape)
                    + "; an in-place op cannot change the shape (broadcast the other operand, not this one)");
        }
        Convert.copyInto(result, self);
        self.storage.version++;
        if (result.gradFn != null) {
            self.gradFn = result.gradFn;
            self.requiresGradFromGraph();
        }
        return self;
    }
}
