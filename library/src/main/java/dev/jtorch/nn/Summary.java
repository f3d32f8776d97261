package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table of a model's layers as a random input flows through it: each layer's output shape
 * and parameter count, then the totals. Made by {@link Module#summary(int...)}; its
 * {@code toString()} is the table.
 *
 * <pre>{@code
 * Layer (type)                Output Shape          Param #
 * ==========================================================
 * 0.conv (Conv2d)             [1, 16, 32, 32]       448
 * ...
 * Total params: 165,418
 * }</pre>
 *
 * A row of a module that holds other layers (a custom block inside a Sequential) shows the
 * parameters of its layers in parentheses: they are already counted in the rows above it.
 */
public final class Summary {

    /** One layer's line: its path in the model, its type, its output shape, its parameter count. */
    public record Row(String name, String type, int[] outputShape, long params, boolean composite) {
    }

    private final List<Row> rows;
    private final long totalParams;
    private final long trainableParams;
    private final String failure;

    private Summary(List<Row> rows, long totalParams, long trainableParams, String failure) {
        this.rows = rows;
        this.totalParams = totalParams;
        this.trainableParams = trainableParams;
        this.failure = failure;
    }

    /** The layers, in the order their outputs were computed. */
    public List<Row> rows() {
        return rows;
    }

    /** The number of parameter elements in the model. */
    public long totalParams() {
        return totalParams;
    }

    /** The number of parameter elements that require grad. */
    public long trainableParams() {
        return trainableParams;
    }

    /** Why the input did not make it through the model (which layer and its error), or null if it did. */
    public String failure() {
        return failure;
    }

    // ---------------------------------------------------------------- recording

    /** What a running summary collects on its thread; layers report to it through {@link #observe}. */
    private static final class Recorder {
        final Module root;
        final Map<Module, String> names = new IdentityHashMap<>();
        final List<Row> rows = new ArrayList<>();
        final Map<Module, Boolean> seen = new IdentityHashMap<>();
        Module lastModule;
        Tensor lastOutput;
        Module failed;

        Recorder(Module root) {
            this.root = root;
            root.namedModules().forEach((name, m) -> names.put(m, name));
        }
    }

    private static final ThreadLocal<Recorder> ACTIVE = new ThreadLocal<>();

    /** Called by layers with their output; records a row when a summary is running on this thread. */
    static void observe(Module module, Tensor output) {
        Recorder r = ACTIVE.get();
        if (r == null || module == r.root || (module == r.lastModule && output == r.lastOutput)) {
            return;
        }
        r.lastModule = module;
        r.lastOutput = output;
        r.seen.put(module, true);
        String name = r.names.getOrDefault(module, "?");
        boolean composite = !module.namedChildren().isEmpty();
        r.rows.add(new Row(name, typeName(module), output.shape(), module.numParameters(false), composite));
    }

    /** Whether a summary is being recorded on this thread (so that work must stay on it). */
    static boolean recording() {
        return ACTIVE.get() != null;
    }

    /** Called by containers when a child throws: the innermost report names the failing layer. */
    static void failed(Module module) {
        Recorder r = ACTIVE.get();
        if (r != null && r.failed == null) {
            r.failed = module;
        }
    }

    static Summary of(Module model, int... inputShape) {
        Recorder r = new Recorder(model);
        Map<Module, Boolean> modes = new IdentityHashMap<>();
        for (Module m : model.modules()) {
            modes.put(m, m.isTraining());
        }
        String failure = null;
        Recorder previous = ACTIVE.get();
        ACTIVE.set(r);
        try (var g = Torch.noGrad()) {
            // Evaluation mode, so that a summary neither drops units nor moves BatchNorm's running statistics.
            model.eval();
            Tensor out = model.forward(Torch.randn(inputShape));
            if (r.rows.isEmpty()) {
                r.rows.add(new Row(typeName(model), typeName(model), out.shape(), model.numParameters(false), false));
            }
        } catch (RuntimeException e) {
            failure = describeFailure(r, e);
        } finally {
            ACTIVE.set(previous);
            modes.forEach(Module::trainSelf);
        }
        return new Summary(List.copyOf(r.rows), model.numParameters(false), model.numParameters(true), failure);
    }

    private static String describeFailure(Recorder r, RuntimeException e) {
        Module culprit = r.failed != null ? r.failed : guessCulprit(r, e);
        String where = culprit == null
                ? (r.rows.isEmpty() ? "at the first layer" : "after " + r.rows.getLast().name())
                : "in " + r.names.getOrDefault(culprit, "?") + " (" + typeName(culprit) + ")";
        return "the input did not fit " + where + ": " + e.getMessage();
    }

    /** The first layer of the type at the top of the stack trace that has not produced an output yet. */
    private static Module guessCulprit(Recorder r, RuntimeException e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (!frame.getMethodName().equals("forward")) {
                continue;
            }
            for (Module m : r.root.modules()) {
                if (m != r.root && m.getClass().getName().equals(frame.getClassName()) && !r.seen.containsKey(m)) {
                    return m;
                }
            }
        }
        return null;
    }

    private static String typeName(Module m) {
        String s = m.getClass().getSimpleName();
        return s.isEmpty() ? m.getClass().getName() : s;
    }

    // ---------------------------------------------------------------- the table

    @Override
    public String toString() {
        List<String[]> cells = new ArrayList<>();
        for (Row row : rows) {
            String params = String.format("%,d", row.params);
            cells.add(new String[]{row.name + " (" + row.type + ")", Arrays.toString(row.outputShape),
                    row.composite ? "(" + params + ")" : params});
        }
        int w0 = "Layer (type)".length();
        int w1 = "Output Shape".length();
        int w2 = "Param #".length();
        for (String[] c : cells) {
            w0 = Math.max(w0, c[0].length());
            w1 = Math.max(w1, c[1].length());
            w2 = Math.max(w2, c[2].length());
        }
        String format = "%-" + (w0 + 3) + "s%-" + (w1 + 3) + "s%" + w2 + "s%n";
        String rule = "=".repeat(w0 + w1 + w2 + 6) + System.lineSeparator();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(format, "Layer (type)", "Output Shape", "Param #")).append(rule);
        for (String[] c : cells) {
            sb.append(String.format(format, c[0], c[1], c[2]));
        }
        if (failure != null) {
            sb.append("!! ").append(failure).append(System.lineSeparator());
        }
        sb.append(rule);
        sb.append(String.format("Total params: %,d%n", totalParams));
        sb.append(String.format("Trainable params: %,d%n", trainableParams));
        sb.append(String.format("Non-trainable params: %,d", totalParams - trainableParams));
        return sb.toString();
    }
}
