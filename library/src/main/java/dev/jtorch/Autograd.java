package dev.jtorch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode automatic differentiation, as in {@code torch.autograd}. Every differentiable
 * op records a {@link GradFn}; {@link Tensor#backward()} and {@link #grad} walk that graph
 * once in reverse topological order.
 *
 * <pre>{@code
 * var x = tensor(new float[]{1, 2, 3}).requiresGrad_(true);
 * var dy = Autograd.grad(x.mul(x).sum(), x);                 // tensor([2., 4., 6.])
 * var d2 = Autograd.grad(x.pow(3).sum(), x, true)[0];        // keeps the graph: differentiate again
 * }</pre>
 */
public final class Autograd {

    private Autograd() {
    }

    /**
     * The gradient of scalar {@code output} with respect to {@code input}, without touching
     * any {@code .grad()}; the graph is freed.
     */
    public static Tensor grad(Tensor output, Tensor input) {
        return grad(new Tensor[]{output}, new Tensor[]{input}, null, false, false)[0];
    }

    /**
     * Gradients of scalar {@code output} with respect to each input. With
     * {@code createGraph} the results are themselves differentiable (for second derivatives)
     * and the graph is kept.
     */
    public static Tensor[] grad(Tensor output, Tensor input, boolean createGraph) {
        return grad(new Tensor[]{output}, new Tensor[]{input}, null, createGraph, createGraph);
    }

    /**
     * The full form of {@code torch.autograd.grad}: gradients of {@code outputs} (weighted by
     * {@code gradOutputs}, which may be null for scalar outputs) with respect to
     * {@code inputs}. An input the outputs do not depend on gets a zero gradient.
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs,
                                boolean retainGraph, boolean createGraph) {
        for (Tensor input : inputs) {
            if (!input.requiresGrad()) {
                throw new IllegalArgumentException("Autograd.grad: one of the inputs (shape " + Shapes.str(input.shape)
                        + ") does not require grad; call requiresGrad_(true) on it before computing the outputs");
            }
        }
        Map<Tensor, Tensor> wanted = new IdentityHashMap<>();
        for (Tensor input : inputs) {
            wanted.put(input, null);
        }
        run(outputs, gradOutputs, retainGraph, createGraph, wanted, "Autograd.grad");
        Tensor[] result = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor g = wanted.get(inputs[i]);
            result[i] = g != null ? g : Torch.zeros(inputs[i].shape);
        }
        return result;
    }

    /**
     * Turns on anomaly detection until the returned scope is closed: every op checks its
     * result, and backward checks every gradient, for NaN or Inf, and the first one found
     * fails with the name of the op that produced it.
     *
     * <pre>{@code
     * try (var a = Autograd.detectAnomaly()) {
     *     loss.backward();   // IllegalStateException: "LogBackward0 produced NaN ..."
     * }
     * }</pre>
     */
    public static AutoCloseable detectAnomaly() {
        boolean before = GradMode.setAnomaly(true);
        return new AnomalyScope(before);
    }

    /** Whether anomaly detection is on. */
    public static boolean isAnomalyEnabled() {
        return GradMode.anomaly();
    }

    private record AnomalyScope(boolean before) implements AutoCloseable {
        @Override
        public void close() {
            GradMode.setAnomaly(before);
        }
    }

    /** Backward from {@code root}, accumulating into the {@code .grad} of every leaf. */
    static void backward(Tensor root, Tensor gradOutput, boolean retainGraph, boolean createGraph) {
        run(new Tensor[]{root}, gradOutput == null ? null : new Tensor[]{gradOutput}, retainGraph, createGraph, null,
                "backward");
    }

    /**
     * The one walk of the graph. With {@code wanted == null} leaf gradients accumulate into
     * {@code .grad}; otherwise gradients of the wanted tensors are collected there instead.
     */
    private static void run(Tensor[] outputs, Tensor[] gradOutputs, boolean retainGraph, boolean createGraph,
                            Map<Tensor, Tensor> wanted, String op) {
        Map<GradFn, Tensor> pending = new IdentityHashMap<>();
        Map<Tensor, Tensor> leafGrads = new IdentityHashMap<>();
        Holders holders = new Holders();
        List<GradFn> roots = new ArrayList<>();
        for (int i = 0; i < outputs.length; i++) {
            Tensor out = outputs[i];
            if (!out.requiresGrad()) {
                throw new IllegalStateException(op + ": the tensor (shape " + Shapes.str(out.shape)
                        + ") does not require grad and has no grad_fn. Did you compute it under noGrad(), "
                        + "call detach(), or forget requiresGrad_(true) on the inputs?");
            }
            Tensor g = gradOutputs == null || gradOutputs[i] == null ? seed(out, op) : gradOutputs[i];
            if (!java.util.Arrays.equals(g.shape, out.shape)) {
                throw new IllegalArgumentException(op + ": the gradient has shape " + Shapes.str(g.shape)
                        + " but the output has shape " + Shapes.str(out.shape) + "; they must match");
            }
            holders.seed(g);
            if (out.gradFn == null) {
                accumulate(leafGrads, out, g, holders);
            } else {
                merge(pending, out.gradFn, g, holders);
                roots.add(out.gradFn);
            }
        }
        boolean previous = GradMode.set(createGraph);
        try {
            for (GradFn node : topologicalOrder(roots)) {
                Tensor g = pending.remove(node);
                if (g == null) {
                    continue;
                }
                Tensor[] inputGrads = GradMode.inBackward(() -> node.run(g));
                holders.release(g);
                for (int i = 0; i < node.inputs.length; i++) {
                    Tensor input = node.inputs[i];
                    Tensor ig = inputGrads[i];
                    if (ig == null || input == null || !input.requiresGrad()) {
                        continue;
                    }
                    if (GradMode.anomaly()) {
                        checkFinite(ig, node.name(), "gradient for its input " + i);
                    }
                    holders.hold(ig);
                    if (wanted != null && wanted.containsKey(input)) {
                        wanted.merge(input, ig, Tensor::add);
                        holders.seed(ig);   // handed to the caller: never reused as a .grad
                    }
                    if (node.next[i] != null) {
                        merge(pending, node.next[i], ig, holders);
                    } else if (wanted == null) {
                        accumulate(leafGrads, input, ig, holders);
                    }
                }
                if (!retainGraph) {
                    node.release();
                }
            }
        } finally {
            GradMode.set(previous);
        }
        for (Map.Entry<Tensor, Tensor> e : leafGrads.entrySet()) {
            e.getKey().accumulateGrad(e.getValue(), createGraph, holders.sole(e.getValue()));
        }
    }

    private static void accumulate(Map<Tensor, Tensor> leafGrads, Tensor leaf, Tensor g, Holders holders) {
        merge(leafGrads, leaf, g, holders);
    }

    /** Adds g to the gradient pending for key; a sum is a fresh tensor, so both terms are let go. */
    private static <K> void merge(Map<K, Tensor> grads, K key, Tensor g, Holders holders) {
        Tensor before = grads.get(key);
        if (before == null) {
            grads.put(key, g);
        } else {
            grads.put(key, before.add(g));
            holders.release(before);
            holders.release(g);
        }
    }

    /**
     * How many gradients still in flight refer to each storage. A leaf may keep its
     * gradient's storage as its {@code .grad}, instead of copying it, when that gradient is
     * the only holder (the common case: a weight gradient fresh from a matmul), as PyTorch
     * steals a gradient nobody else references. Gradients that come from the caller never
     * qualify.
     */
    private static final class Holders {
        private static final int CALLERS = 1 << 20;
        private final Map<Storage, Integer> count = new IdentityHashMap<>();

        void hold(Tensor g) {
            count.merge(g.storage, 1, Integer::sum);
        }

        void seed(Tensor g) {
            count.merge(g.storage, CALLERS, Integer::sum);
        }

        void release(Tensor g) {
            count.computeIfPresent(g.storage, (st, c) -> c - 1);
        }

        /** Whether g is the only tensor of this backward pass over its storage (fresh sums have no entry). */
        boolean sole(Tensor g) {
            return count.getOrDefault(g.storage, 0) <= 1;
        }
    }

    private static Tensor seed(Tensor out, String op) {
        if (out.numel() != 1) {
            throw new IllegalArgumentException(op + ": grad can be implicitly created only for scalar outputs, "
                    + "but the output has shape " + Shapes.str(out.shape) + ". Reduce it first (e.g. y.sum()), "
                    + "or pass the gradient of the output explicitly (e.g. y.backward(onesLike(y))).");
        }
        return Torch.onesLike(out);
    }

    /** Nodes ordered so that each comes before every node it feeds gradients to. */
    private static List<GradFn> topologicalOrder(List<GradFn> roots) {
        List<GradFn> postOrder = new ArrayList<>();
        Set<GradFn> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        for (GradFn root : roots) {
            if (visited.add(root)) {
                stack.push(new Object[]{root, 0});
            }
            while (!stack.isEmpty()) {
                Object[] frame = stack.peek();
                GradFn node = (GradFn) frame[0];
                int next = (Integer) frame[1];
                if (next < node.next.length) {
                    frame[1] = next + 1;
                    GradFn child = node.next[next];
                    if (child != null && visited.add(child)) {
                        stack.push(new Object[]{child, 0});
                    }
                } else {
                    stack.pop();
                    postOrder.add(node);
                }
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }

    /** Fails, naming {@code op}, when a float tensor holds NaN or Inf. */
    static void checkFinite(Tensor t, String op, String what) {
        if (t.dtype != DType.FLOAT32) {
            return;
        }
        float[] data = t.contiguous().storage.f;
        int off = t.contiguous().offset;
        for (int i = 0; i < t.numel(); i++) {
            float v = data[off + i];
            if (Float.isNaN(v) || Float.isInfinite(v)) {
                throw new IllegalStateException("detectAnomaly: " + op + " produced " + (Float.isNaN(v) ? "NaN" : "Inf")
                        + " in its " + what + " (shape " + Shapes.str(t.shape) + ", first at flat index " + i + ")");
            }
        }
    }
}
