package dev.jtorch;


/** Comparisons and logical ops (results are bool, never differentiable) and allClose. */
final class Compare {
    private Compare() {
    }

    enum Op { EQ, NE, LT, LE, GT, GE, AND, OR, XOR }

    static Tensor compare(Op op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase();
        Strided.Pair p = Strided.Pair.of(name, a, b);
        boolean[] out = new boolean[Shapes.numel(p.shape())];
        int n = p.n();
        int sa = p.sa();
        int sb = p.sb();
        boolean floats = a.dtype == DType.FLOAT32 && b.dtype == DType.FLOAT32;
        for (int r = 0; r < p.rows(); r++) {
            int ai = p.aRows()[r];
            int bi = p.bRows()[r];
            int oi = r * n;
            if (floats) {
                float[] fa = a.storage.f;
                float[] fb = b.storage.f;
                switch (op) {
                    case EQ -> { for (int j = 0; j < n; j++, ai += sa, bi += sb) out[oi + j] = fa[ai] == fb[bi]; }
                    case NE -> { for (int j = 0; j < n; j++, ai += sa, bi += sb) out[oi + j] = fa[ai] != fb[bi]; }
                    case LT -> { for (int j = 0; j < n; j++, ai += sa, bi += sb) out[oi + j] = fa[ai] < fb[bi]; }
                    case LE -> { for (int j = 0; j < n; j++, ai += sa, bi += sb) out[oi + j] = fa[ai] <= fb[bi]; }
                    case GT -> { for (int j = 0; j < n; j++, ai += sa, bi += sb) out[oi + j] = fa[ai] > fb[bi]; }
                    case GE -> { for (int j = 0; j < n; j++, ai += sa, bi += sb) out[oi + j] = fa[ai] >= fb[bi]; }
                    default -> generic(op, a, ai, sa, b, bi, sb, out, oi, n);
                }
            } else {
                generic(op, a, ai, sa, b, bi, sb, out, oi, n);
            }
        }
        return Tensor.of(out, p.shape());
    }

    private static void generic(Op op, Tensor a, int ai, int sa, Tensor b, int bi, int sb, boolean[] out, int oi, int n) {
        for (int j = 0; j < n; j++, ai += sa, bi += sb) {
            double x = a.getFlat(ai);
            double y = b.getFlat(bi);
            out[oi + j] = switch (op) {
                case EQ -> x == y;
                case NE -> x != y;
                case LT -> x < y;
                case LE -> x <= y;
                case GT -> x > y;
                case GE -> x >= y;
                case AND -> x != 0 && y != 0;
                case OR -> x != 0 || y != 0;
                case XOR -> (x != 0) != (y != 0);
            };
        }
    }

    static boolean allClose(Tensor a, Tensor b, double rtol, double atol) {
        int[] shape = Shapes.broadcast("allClose", a.shape, b.shape);
        float[] x = a.expand(shape).toFloatArray();
        float[] y = b.expand(shape).toFloatArray();
        for (int i = 0; i < x.length; i++) {
            if (x[i] == y[i]) {
                continue;
            }
            if (Float.isNaN(x[i]) || Float.isNaN(y[i]) || Math.abs(x[i] - y[i]) > atol + rtol * Math.abs(y[i])) {
                return false;
            }
        }
        return true;
    }
}
