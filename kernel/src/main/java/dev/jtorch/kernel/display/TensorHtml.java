package dev.jtorch.kernel.display;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import java.util.Arrays;

/**
 * A tensor as an HTML table: a caption with shape, dtype and requires_grad, then the values;
 * a tensor of more than two dimensions shows as a sequence of 2-D slices, and large tensors
 * are elided in the middle as PyTorch prints them.
 */
final class TensorHtml {

    private static final int EDGE = 5;
    private static final int MAX_SLICES = 6;

    private TensorHtml() {
    }

    static String render(Tensor tensor) {
        int[] shape = tensor.shape();
        float[] values = tensor.toFloatArray();
        DType dtype = tensor.dtype();
        StringBuilder html = new StringBuilder("<div class=\"jtorch-tensor\">");
        html.append("<div style=\"font-family:monospace;color:#555\">tensor ").append(Arrays.toString(shape))
                .append(" &middot; ").append(escape(dtype.toString()));
        if (tensor.requiresGrad()) {
            html.append(" &middot; requires_grad");
        }
        html.append("</div>");
        if (shape.length == 0) {
            html.append("<pre>").append(format(values[0], dtype)).append("</pre>");
        } else if (shape.length == 1) {
            table(html, values, 0, 1, shape[0], dtype, null);
        } else {
            int rows = shape[shape.length - 2];
            int cols = shape[shape.length - 1];
            int slices = values.length / Math.max(1, rows * cols);
            for (int s : visible(slices, MAX_SLICES / 2)) {
                if (s < 0) {
                    html.append("<div>&hellip;</div>");
                    continue;
                }
                String caption = shape.length > 2 ? sliceName(s, shape) : null;
                table(html, values, s * rows * cols, rows, cols, dtype, caption);
            }
        }
        return html.append("</div>").toString();
    }

    private static void table(StringBuilder html, float[] values, int offset, int rows, int cols, DType dtype,
                              String caption) {
        html.append("<table style=\"font-family:monospace;border-collapse:collapse\">");
        if (caption != null) {
            html.append("<caption style=\"text-align:left\">").append(caption).append("</caption>");
        }
        html.append("<tr><th></th>");
        for (int c : visible(cols, EDGE)) {
            html.append("<th>").append(c < 0 ? "&hellip;" : c).append("</th>");
        }
        html.append("</tr>");
        for (int r : visible(rows, EDGE)) {
            html.append("<tr><th>").append(r < 0 ? "&vellip;" : r).append("</th>");
            for (int c : visible(cols, EDGE)) {
                html.append("<td style=\"text-align:right\">");
                html.append(r < 0 || c < 0 ? "&hellip;" : format(values[offset + r * cols + c], dtype));
                html.append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table>");
    }

    // Indices to show: all when few, else the first and last edge ones with -1 marking the gap.
    private static int[] visible(int count, int edge) {
        if (count <= 2 * edge) {
            int[] all = new int[count];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] some = new int[2 * edge + 1];
        for (int i = 0; i < edge; i++) {
            some[i] = i;
            some[edge + 1 + i] = count - edge + i;
        }
        some[edge] = -1;
        return some;
    }

    private static String sliceName(int slice, int[] shape) {
        int[] index = new int[shape.length - 2];
        int rest = slice;
        for (int d = index.length - 1; d >= 0; d--) {
            index[d] = rest % shape[d];
            rest /= shape[d];
        }
        StringBuilder name = new StringBuilder("[");
        for (int i : index) {
            name.append(i).append(", ");
        }
        return name.append(":, :]").toString();
    }

    private static String format(float value, DType dtype) {
        return switch (dtype) {
            case BOOL -> value != 0 ? "True" : "False";
            case INT64 -> Long.toString((long) value);
            default -> formatFloat(value);
        };
    }

    private static String formatFloat(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            return Float.toString(value).toLowerCase();
        }
        float magnitude = Math.abs(value);
        if (magnitude != 0 && (magnitude >= 1e6f || magnitude < 1e-4f)) {
            return String.format("%.4e", value);
        }
        return String.format("%.4f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
