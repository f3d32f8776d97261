package dev.jtorch.nn;

/** Formats layer arguments the way PyTorch prints them, so that a model's printout reads the same. */
final class Repr {
    private Repr() {
    }

    /** A number as Python's repr: {@code 0.1}, {@code 0.0001}, {@code 1e-05}, {@code 1.0}, {@code 10000000.0}. */
    static String num(double v) {
        double a = Math.abs(v);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.isNaN(v) ? "nan" : (v > 0 ? "inf" : "-inf");
        }
        if (v == 0 || (a >= 1e-4 && a < 1e16)) {
            String plain = java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String[] parts = String.format("%.15e", v).split("e");
        String mantissa = parts[0].replaceAll("0+$", "").replaceAll("\\.$", "");
        int exp = Integer.parseInt(parts[1]);
        return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }

    /** Python's bool. */
    static String bool(boolean b) {
        return b ? "True" : "False";
    }

    /** A pair as a Python tuple: {@code (3, 3)}. */
    static String pair(int[] v) {
        return "(" + v[0] + ", " + v[1] + ")";
    }

    /** The same value for both dims. */
    static int[] both(int v) {
        return new int[]{v, v};
    }
}
