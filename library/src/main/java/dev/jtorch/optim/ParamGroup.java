package dev.jtorch.optim;

import dev.jtorch.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of parameters that share hyperparameters (learning rate, momentum, ...), like one
 * dict of PyTorch's {@code optimizer.param_groups}. Options not set here are filled in from
 * the optimizer's defaults when the group is added; schedulers change {@code lr} through
 * {@link #setLr}.
 *
 * <pre>{@code
 * var optimizer = new SGD(body.parameters(), 0.01, 0.9);
 * optimizer.addParamGroup(new ParamGroup(head.parameters()).set("lr", 0.001));
 * optimizer.paramGroups().get(1).lr();   // 0.001
 * }</pre>
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Object> options = new LinkedHashMap<>();

    /** A group of {@code params} with no options of its own yet. */
    public ParamGroup(Iterable<? extends Tensor> params) {
        if (params == null) {
            throw new IllegalArgumentException("ParamGroup: params is null; pass model.parameters() or a list of tensors");
        }
        List<Tensor> list = new ArrayList<>();
        for (Tensor p : params) {
            list.add(p);
        }
        this.params = Collections.unmodifiableList(list);
    }

    /** The parameters of this group, in the order given. */
    public List<Tensor> params() {
        return params;
    }

    /** The learning rate of this group. */
    public double lr() {
        return get("lr");
    }

    /** Sets the learning rate of this group (what schedulers do); returns this group. */
    public ParamGroup setLr(double lr) {
        return set("lr", lr);
    }

    /** Sets a numeric option such as {@code "lr"}, {@code "momentum"} or {@code "weight_decay"}; returns this group. */
    public ParamGroup set(String name, double value) {
        options.put(name, value);
        return this;
    }

    /** Sets a flag such as {@code "nesterov"} or {@code "amsgrad"}; returns this group. */
    public ParamGroup set(String name, boolean value) {
        options.put(name, value);
        return this;
    }

    /** The numeric option {@code name}; fails if it is absent or a flag. */
    public double get(String name) {
        Object value = options.get(name);
        if (!(value instanceof Double d)) {
            throw new IllegalArgumentException("ParamGroup: no numeric option '" + name + "'; this group has " + options.keySet());
        }
        return d;
    }

    /** The flag {@code name}; fails if it is absent or numeric. */
    public boolean flag(String name) {
        Object value = options.get(name);
        if (!(value instanceof Boolean b)) {
            throw new IllegalArgumentException("ParamGroup: no flag '" + name + "'; this group has " + options.keySet());
        }
        return b;
    }

    /** Whether the option {@code name} is set. */
    public boolean has(String name) {
        return options.containsKey(name);
    }

    /** The options (name to Double or Boolean), in the order they were set; read-only. */
    public Map<String, Object> options() {
        return Collections.unmodifiableMap(options);
    }

    /** Fills in every default this group does not set itself. */
    void applyDefaults(Map<String, Object> defaults) {
        for (var e : defaults.entrySet()) {
            options.putIfAbsent(e.getKey(), e.getValue());
        }
    }

    /** Replaces an option with a loaded value of the same kind. */
    void restore(String name, Object value) {
        options.put(name, value);
    }

    @Override
    public String toString() {
        return "ParamGroup" + options + " with " + params.size() + " parameters";
    }
}
