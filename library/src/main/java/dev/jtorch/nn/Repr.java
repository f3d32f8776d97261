package dev.jtorch.nn;

/** Formats layer arguments the way PyTorch prints them, so that a model's printout reads the same. */
final class Repr {
    private Repr() {
    }

    /** A number as Python's repr: {@code 0.1}, {@code 1e-05}, {@code 1.0}. */
    static String num(double v) {
        if (v == 0 || (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e16)) {
            return Double.toString(v);
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
