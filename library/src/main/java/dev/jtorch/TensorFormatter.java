package dev.jtorch;

import java.util.Locale;

/**
 * Prints tensors the way PyTorch does: four decimals (or scientific notation when the
 * magnitudes call for it), columns aligned, large tensors elided to their first and last
 * three entries per dim, and the autograd state after the values.
 */
final class TensorFormatter {
    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;
    private static final int LINE_WIDTH = 80;

    private TensorFormatter() {
    }

    static String format(Tensor t) {
        boolean elide = t.numel() > THRESHOLD;
        Tensor c = t.detach().contiguous();
        Style style = Style.of(c, elide);
        StringBuilder sb = new StringBuilder("tensor(");
        if (t.numel() == 0 && t.shape.length > 0) {
            sb.append("[]");
        } else {
            append(sb, c, 0, c.offset, style, elide);
        }
        if (t.numel() == 0 && t.shape.length != 1) {
            sb.append(", size=").append(Shapes.str(t.shape).replace('[', '(').replace(']', ')'));
        }
        if (t.dtype == DType.INT64 && t.numel() == 0) {
            sb.append(", dtype=torch.int64");
        }
        if (t.gradFn != null) {
            sb.append(", grad_fn=").append(t.gradFn);
        } else if (t.requiresGrad()) {
            sb.append(", requires_grad=True");
        }
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, Tensor c, int depth, int at, Style style, boolean elide) {
        int nd = c.shape.length;
        if (nd == 0) {
            sb.append(style.format(c.getFlat(at)).strip());
            return;
        }
        int size = c.shape[depth];
        int indent = 7 + depth;
        if (depth == nd - 1) {
            appendRow(sb, c, at, size, indent, style, elide);
            return;
        }
        sb.append('[');
        String separator = "," + "\n".repeat(nd - depth - 1) + " ".repeat(indent + 1);
        for (int i = 0; i < size; i++) {
            if (elide && size > 2 * EDGE && i == EDGE) {
                sb.append("...").append(separator);
                i = size - EDGE;
            }
            append(sb, c, depth + 1, at + i * c.stride[depth], style, elide);
            if (i < size - 1) {
                sb.append(separator);
            }
        }
        sb.append(']');
    }

    /** The last dim: values joined by ", ", wrapped at 80 columns as PyTorch's linewidth. */
    private static void appendRow(StringBuilder sb, Tensor c, int at, int size, int indent, Style style, boolean elide) {
        java.util.List<String> items = new java.util.ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (elide && size > 2 * EDGE && i == EDGE) {
                items.add(" ...");
                i = size - EDGE;
            }
            items.add(style.format(c.getFlat(at + i * c.stride[c.shape.length - 1])));
        }
        int perLine = Math.max(1, (LINE_WIDTH - indent) / (style.width() + 2));
        sb.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(i % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
            }
            sb.append(items.get(i));
        }
        sb.append(']');
    }

    /** How every number of one tensor is written, chosen from all of them as PyTorch does. */
    private record Style(DType dtype, boolean integral, boolean scientific, int width) {

        static Style of(Tensor c, boolean elide) {
            double maxAbs = 0;
            double minAbs = Double.MAX_VALUE;
            boolean integral = true;
            int n = c.numel();
            for (int i = 0; i < n; i++) {
                double v = c.getFlat(c.offset + i);
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    continue;
                }
                double a = Math.abs(v);
                maxAbs = Math.max(maxAbs, a);
                if (a > 0) {
                    minAbs = Math.min(minAbs, a);
                }
                integral &= v == Math.rint(v);
            }
            boolean scientific = c.dtype == DType.FLOAT32 && minAbs != Double.MAX_VALUE
                    && (maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4);
            Style probe = new Style(c.dtype, integral, scientific, 0);
            int width = 0;
            for (int i = 0; i < n; i++) {
                width = Math.max(width, probe.raw(c.getFlat(c.offset + i)).length());
            }
            return new Style(c.dtype, integral, scientific, width);
        }

        String format(double v) {
            String s = raw(v);
            return " ".repeat(Math.max(width - s.length(), 0)) + s;
        }

        private String raw(double v) {
            if (dtype == DType.BOOL) {
                return v != 0 ? "True" : "False";
            }
            if (dtype == DType.INT64) {
                return Long.toString((long) v);
            }
            if (Double.isNaN(v)) {
                return "nan";
            }
            if (Double.isInfinite(v)) {
                return v > 0 ? "inf" : "-inf";
            }
            if (scientific) {
                return String.format(Locale.ROOT, "%.4e", v).replaceAll("e([+-])(\\d)$", "e$10$2");
            }
            if (integral) {
                return String.format(Locale.ROOT, "%.0f.", v);
            }
            return String.format(Locale.ROOT, "%.4f", v);
        }
    }
}
