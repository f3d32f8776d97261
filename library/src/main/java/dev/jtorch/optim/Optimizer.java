package dev.jtorch.optim;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The base of every optimizer, as {@code torch.optim.Optimizer}: parameter groups with their
 * hyperparameters, per-parameter state, {@link #zeroGrad()}, {@link #step()} and a state
 * dict for checkpoints. A subclass supplies its defaults and the update rule of one
 * parameter ({@link #update}); {@code step()} runs it under no-grad for every parameter that
 * has a gradient, writing into the parameter's own storage.
 *
 * <pre>{@code
 * var optimizer = new Adam(model.parameters(), 1e-3);
 * for (var batch : loader) {
 *     optimizer.zeroGrad();
 *     var loss = lossFn.forward(model.forward(batch.input()), batch.target());
 *     loss.backward();
 *     optimizer.step();
 * }
 * }</pre>
 */
public abstract class Optimizer {
    private final String name;
    private final Map<String, Object> defaults;
    private final List<ParamGroup> paramGroups = new ArrayList<>();
    private final Map<Tensor, ParamState> state = new IdentityHashMap<>();

    /**
     * An optimizer over {@code params} (one group) with the given defaults (option name to
     * Double or Boolean), which each group may override.
     */
    protected Optimizer(String name, Iterable<? extends Tensor> params, Map<String, Object> defaults) {
        this.name = name;
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        addParamGroup(new ParamGroup(params));
    }

    /** Checks a group's options (after defaults are filled in); throws IllegalArgumentException naming the bad one. */
    protected abstract void validate(ParamGroup group);

    /**
     * Updates {@code param} in place from {@code grad} (same shape, float32) with the options
     * of {@code group} and the parameter's {@code state}. Runs under no-grad.
     */
    protected abstract void update(ParamGroup group, Tensor param, Tensor grad, ParamState state);

    /** Adds a group of parameters with options of its own; missing options take the defaults. */
    public void addParamGroup(ParamGroup group) {
        if (group.params().isEmpty()) {
            throw new IllegalArgumentException(name + ": got an empty parameter list; pass model.parameters() "
                    + "of a model that has parameters");
        }
        for (int i = 0; i < group.params().size(); i++) {
            Tensor p = group.params().get(i);
            if (p == null) {
                throw new IllegalArgumentException(name + ": parameter " + i + " of the group is null");
            }
            if (p.dtype() != DType.FLOAT32) {
                throw new IllegalArgumentException(name + ": can only optimize float32 tensors, but parameter " + i
                        + " (shape " + Arrays.toString(p.shape()) + ") is " + p.dtype());
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(name + ": can't optimize a non-leaf tensor (parameter " + i
                        + ", made by " + p.gradFn().name() + "); optimize the leaf it was computed from, "
                        + "or pass x.detach().requiresGrad_(true)");
            }
            for (ParamGroup other : paramGroups) {
                for (Tensor q : other.params()) {
                    if (q == p) {
                        throw new IllegalArgumentException(name + ": some parameters appear in more than one "
                                + "parameter group (parameter " + i + " of the new group)");
                    }
                }
            }
        }
        group.applyDefaults(defaults);
        validate(group);
        paramGroups.add(group);
    }

    /** The parameter groups, in the order added; schedulers change their {@code lr}. */
    public List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(paramGroups);
    }

    /** The defaults every group starts from (option name to Double or Boolean). */
    public Map<String, Object> defaults() {
        return defaults;
    }

    /** The state of {@code param} (step count and buffers), or null before its first step. */
    public ParamState state(Tensor param) {
        return state.get(param);
    }

    /** Clears the gradient of every parameter (sets it to null, as PyTorch 2's {@code set_to_none=True}). */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /** Clears gradients: sets them to null when {@code setToNone}, otherwise fills them with zeros in place. */
    public void zeroGrad(boolean setToNone) {
        try (var ignored = Torch.noGrad()) {
            for (ParamGroup group : paramGroups) {
                for (Tensor p : group.params()) {
                    if (setToNone) {
                        p.setGrad(null);
                    } else if (p.grad() != null) {
                        p.grad().zero_();
                    }
                }
            }
        }
    }

    /** Takes one optimization step for every parameter that has a gradient (the others are skipped). */
    public void step() {
        try (var ignored = Torch.noGrad()) {
            for (ParamGroup group : paramGroups) {
                for (Tensor p : group.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) {
                        continue;
                    }
                    if (grad.dtype() != DType.FLOAT32 || !Arrays.equals(grad.shape(), p.shape())) {
                        throw new IllegalArgumentException(name + ".step: a parameter of shape "
                                + Arrays.toString(p.shape()) + " has a gradient of shape "
                                + Arrays.toString(grad.shape()) + " and dtype " + grad.dtype());
                    }
                    update(group, p, grad, state.computeIfAbsent(p, k -> new ParamState()));
                }
            }
        }
    }

    /** Re-evaluates the loss with {@code closure} (with grad enabled), then takes a step; returns the loss. */
    public Tensor step(Supplier<Tensor> closure) {
        Tensor loss;
        try (var ignored = Torch.enableGrad()) {
            loss = closure.get();
        }
        step();
        return loss;
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * The optimizer's state as flat tensors, for saving beside the model's: per parameter
     * (numbered across groups in order) {@code state.<i>.step} (int64) and
     * {@code state.<i>.<buffer>}; per group {@code param_groups.<g>.<option>} (float32 or
     * bool scalars) and {@code param_groups.<g>.params} (the parameter numbers). The tensors
     * are copies.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int index = 0;
        for (ParamGroup group : paramGroups) {
            for (Tensor p : group.params()) {
                ParamState s = state.get(p);
                if (s != null) {
                    out.put("state." + index + ".step", Torch.tensor(new long[]{s.step()}).reshape());
                    for (var e : s.buffers().entrySet()) {
                        out.put("state." + index + "." + e.getKey(), e.getValue().detach().clone());
                    }
                }
                index++;
            }
        }
        index = 0;
        for (int g = 0; g < paramGroups.size(); g++) {
            ParamGroup group = paramGroups.get(g);
            for (var e : group.options().entrySet()) {
                Tensor value = e.getValue() instanceof Boolean b
                        ? Torch.tensor(new boolean[]{b}).reshape()
                        : Torch.scalar((Double) e.getValue());
                out.put("param_groups." + g + "." + e.getKey(), value);
            }
            long[] ids = new long[group.params().size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = index++;
            }
            out.put("param_groups." + g + ".params", Torch.tensor(ids));
        }
        return out;
    }

    /**
     * Restores a state made by {@link #stateDict()} of an optimizer of the same kind over
     * parameters of the same shapes, grouped the same way. Nothing changes if the dict does
     * not fit: the error names the key and the mismatch.
     */
    public void loadStateDict(Map<String, Tensor> dict) {
        List<Tensor> all = new ArrayList<>();
        for (ParamGroup group : paramGroups) {
            all.addAll(group.params());
        }
        for (int g = 0; g < paramGroups.size(); g++) {
            String key = "param_groups." + g + ".params";
            Tensor ids = dict.get(key);
            int size = paramGroups.get(g).params().size();
            if (ids == null || ids.numel() != size) {
                throw new IllegalArgumentException(name + ".loadStateDict: parameter group " + g + " has " + size
                        + " parameters, but the state dict's " + key + " is "
                        + (ids == null ? "missing" : "of size " + ids.numel())
                        + "; load a state dict saved from the same model and optimizer setup");
            }
        }
        Map<Integer, ParamState> loaded = new LinkedHashMap<>();
        List<Runnable> optionWrites = new ArrayList<>();
        for (var e : dict.entrySet()) {
            String key = e.getKey();
            Tensor value = e.getValue();
            String[] parts = key.split("\\.", 3);
            if (parts.length != 3 || !(parts[0].equals("state") || parts[0].equals("param_groups"))) {
                throw new IllegalArgumentException(name + ".loadStateDict: unexpected key '" + key
                        + "'; expected state.<i>.<name> or param_groups.<g>.<option>");
            }
            int number = parseIndex(key, parts[1]);
            if (parts[0].equals("param_groups")) {
                if (number >= paramGroups.size()) {
                    throw new IllegalArgumentException(name + ".loadStateDict: key '" + key + "' names parameter group "
                            + number + " but this optimizer has " + paramGroups.size());
                }
                if (!parts[2].equals("params")) {
                    ParamGroup group = paramGroups.get(number);
                    Object option = optionValue(key, value);
                    optionWrites.add(() -> group.restore(parts[2], option));
                }
                continue;
            }
            if (number >= all.size()) {
                throw new IllegalArgumentException(name + ".loadStateDict: key '" + key + "' names parameter " + number
                        + " but this optimizer has " + all.size() + " parameters");
            }
            ParamState s = loaded.computeIfAbsent(number, k -> new ParamState());
            if (parts[2].equals("step")) {
                if (value.numel() != 1) {
                    throw new IllegalArgumentException(name + ".loadStateDict: '" + key + "' must hold one number, "
                            + "got shape " + Arrays.toString(value.shape()));
                }
                s.setStep(value.dtype() == DType.INT64 ? value.longItem() : Math.round(value.item()));
            } else {
                Tensor p = all.get(number);
                if (!Arrays.equals(value.shape(), p.shape())) {
                    throw new IllegalArgumentException(name + ".loadStateDict: '" + key + "' has shape "
                            + Arrays.toString(value.shape()) + " but parameter " + number + " has shape "
                            + Arrays.toString(p.shape()));
                }
                s.putBuffer(parts[2], value.detach().toFloat().clone());
            }
        }
        state.clear();
        for (var e : loaded.entrySet()) {
            state.put(all.get(e.getKey()), e.getValue());
        }
        optionWrites.forEach(Runnable::run);
    }

    private int parseIndex(String key, String text) {
        try {
            int i = Integer.parseInt(text);
            if (i >= 0) {
                return i;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + ".loadStateDict: key '" + key + "' has no valid number after its prefix");
    }

    private Object optionValue(String key, Tensor value) {
        if (value.numel() != 1) {
            throw new IllegalArgumentException(name + ".loadStateDict: option '" + key + "' must hold one value, got shape "
                    + Arrays.toString(value.shape()));
        }
        if (value.dtype() == DType.BOOL) {
            return value.item() != 0;
        }
        // Options are stored as float32; the shortest decimal of that float gives back the
        // value as typed (0.001 stays 0.001, not 0.0010000000474974513).
        return Double.parseDouble(Float.toString(value.item()));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(" (\n");
        for (int g = 0; g < paramGroups.size(); g++) {
            sb.append("Parameter Group ").append(g).append('\n');
            for (var e : paramGroups.get(g).options().entrySet()) {
                sb.append("    ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
            }
        }
        return sb.append(')').toString();
    }

    // ---------------------------------------------------------------- checks shared by the subclasses

    static void requireNonNegative(String optimizer, String option, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(optimizer + ": invalid " + option + " " + value + "; it must be >= 0");
        }
    }

    static void requireBeta(String optimizer, String option, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(optimizer + ": invalid " + option + " " + value + "; it must be in [0, 1)");
        }
    }
}
