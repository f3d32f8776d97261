package dev.jtorch.nn;

import dev.jtorch.Device;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The base of every layer and model, like {@code torch.nn.Module}. A module finds its
 * parameters and submodules itself, by reflection over its fields in declaration order
 * (fields of type {@link Parameter}, {@code Module}, and arrays or lists of modules), so a
 * model is plain Java:
 *
 * <pre>{@code
 * class Net extends Module {
 *     final Linear fc1 = new Linear(784, 128);
 *     final Linear fc2 = new Linear(128, 10);
 *     public Tensor forward(Tensor x) { return fc2.forward(relu(fc1.forward(x))); }
 * }
 * var net = new Net();
 * net.parameters();              // fc1.weight, fc1.bias, fc2.weight, fc2.bias
 * net.stateDict().keySet();      // [fc1.weight, fc1.bias, fc2.weight, fc2.bias]
 * System.out.println(net);       // Net(\n  (fc1): Linear(in_features=784, ...) ...
 * }</pre>
 *
 * Modules made at run time are added with {@link #register}; tensors that belong to the
 * state but are not learned (BatchNorm's running statistics) with {@link #registerBuffer}.
 */
public abstract class Module {

    private final LinkedHashMap<String, Module> registeredModules = new LinkedHashMap<>();
    private final LinkedHashMap<String, Parameter> registeredParameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private boolean training = true;

    /** The fields of each module class that may hold parameters or submodules, superclass fields first. */
    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Module.class; c = c.getSuperclass()) {
                chain.addFirst(c);
            }
            List<Field> fields = new ArrayList<>();
            for (Class<?> c : chain) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic() || f.getType().isPrimitive()
                            || !mayHoldModules(f.getType())) {
                        continue;
                    }
                    try {
                        f.setAccessible(true);
                    } catch (InaccessibleObjectException e) {
                        throw new IllegalStateException("Module: cannot read field " + f.getName() + " of " + c.getName()
                                + ", so its layers and parameters would be missed: the package is in a named module that "
                                + "does not open it to JTorch. Add 'opens " + c.getPackageName() + ";' to module-info.java, "
                                + "or add the layers with register(name, module).", e);
                    }
                    fields.add(f);
                }
            }
            return List.copyOf(fields);
        }
    };

    private static boolean mayHoldModules(Class<?> type) {
        if (type.isArray()) {
            return mayHoldModules(type.getComponentType()) && !type.getComponentType().isPrimitive();
        }
        return type.isAssignableFrom(Module.class) || Module.class.isAssignableFrom(type)
                || type.isAssignableFrom(Parameter.class) || Parameter.class.isAssignableFrom(type)
                || Iterable.class.isAssignableFrom(type);
    }

    /** Subclasses call this implicitly; a module starts in training mode. */
    protected Module() {
    }

    /**
     * The computation of this module. Layers and models override it; modules with several
     * inputs or outputs are ordinary Java methods instead.
     */
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " has no forward(Tensor); call its own methods");
    }

    // ---------------------------------------------------------------- registration

    /** Adds a submodule made at run time under {@code name}; returns it. */
    public <M extends Module> M register(String name, M module) {
        checkNewName(name);
        registeredModules.put(name, module);
        return module;
    }

    /** Adds a parameter made at run time under {@code name}; returns it. */
    public Parameter registerParameter(String name, Parameter parameter) {
        checkNewName(name);
        registeredParameters.put(name, parameter);
        return parameter;
    }

    /**
     * Adds a tensor that is part of the module's state but not learned (such as BatchNorm's
     * running mean): it is saved in {@link #stateDict()} but is not a parameter. Returns it.
     */
    public Tensor registerBuffer(String name, Tensor buffer) {
        checkNewName(name);
        buffers.put(name, buffer);
        return buffer;
    }

    /** The buffer registered under {@code name}. */
    public Tensor buffer(String name) {
        Tensor b = buffers.get(name);
        if (b == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no buffer '" + name + "'; its buffers are "
                    + buffers.keySet());
        }
        return b;
    }

    private void checkNewName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("register: a name must be non-empty and contain no '.', got '" + name + "'");
        }
        if (registeredModules.containsKey(name) || registeredParameters.containsKey(name) || buffers.containsKey(name)) {
            throw new IllegalArgumentException("register: " + getClass().getSimpleName() + " already has '" + name + "'");
        }
    }

    // ---------------------------------------------------------------- traversal

    /** This module's own parameters (not its submodules'), by name, fields first. */
    private LinkedHashMap<String, Parameter> ownParameters() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        for (Field f : FIELDS.get(getClass())) {
            if (read(f) instanceof Parameter p) {
                out.put(f.getName(), p);
            }
        }
        out.putAll(registeredParameters);
        return out;
    }

    /** The direct submodules by name: fields in declaration order, then registered ones. */
    public LinkedHashMap<String, Module> namedChildren() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        for (Field f : FIELDS.get(getClass())) {
            Object value = read(f);
            if (value instanceof Module m) {
                if (m != this) {
                    out.put(f.getName(), m);
                }
            } else if (value != null && value.getClass().isArray() && !value.getClass().getComponentType().isPrimitive()) {
                for (int i = 0; i < Array.getLength(value); i++) {
                    if (Array.get(value, i) instanceof Module m) {
                        out.put(f.getName() + "." + i, m);
                    }
                }
            } else if (value instanceof java.util.Collection<?> items) {
                // Collections only: iterating any Iterable (a DataLoader, say) could shuffle or load data.
                int i = 0;
                for (Object item : items) {
                    if (item instanceof Module m) {
                        out.put(f.getName() + "." + i, m);
                    }
                    i++;
                }
            }
        }
        out.putAll(registeredModules);
        return out;
    }

    /** The direct submodules, in order. */
    public List<Module> children() {
        return new ArrayList<>(namedChildren().values());
    }

    /** This module and every module inside it, by dotted path ({@code ""} for this one), each once. */
    public LinkedHashMap<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        collectModules("", Collections.newSetFromMap(new IdentityHashMap<>()), out);
        return out;
    }

    private void collectModules(String prefix, Set<Module> seen, Map<String, Module> out) {
        if (!seen.add(this)) {
            return;
        }
        out.put(prefix, this);
        for (var e : namedChildren().entrySet()) {
            e.getValue().collectModules(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), seen, out);
        }
    }

    /** This module and every module inside it, each once, parents before children. */
    public List<Module> modules() {
        return new ArrayList<>(namedModules().values());
    }

    /** Every parameter by dotted path ({@code fc1.weight}); a parameter shared by two layers appears once. */
    public LinkedHashMap<String, Parameter> namedParameters() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var m : namedModules().entrySet()) {
            for (var p : m.getValue().ownParameters().entrySet()) {
                if (seen.add(p.getValue())) {
                    out.put(join(m.getKey(), p.getKey()), p.getValue());
                }
            }
        }
        return out;
    }

    /** Every parameter, in the order of {@link #namedParameters()}: what an optimizer is given. */
    public List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every buffer by dotted path ({@code bn.running_mean}). */
    public LinkedHashMap<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (var m : namedModules().entrySet()) {
            for (var b : m.getValue().buffers.entrySet()) {
                out.put(join(m.getKey(), b.getKey()), b.getValue());
            }
        }
        return out;
    }

    /** The number of parameter elements, all or only the trainable ones. */
    public long numParameters(boolean onlyTrainable) {
        long n = 0;
        for (Parameter p : parameters()) {
            if (!onlyTrainable || p.requiresGrad()) {
                n += p.numel();
            }
        }
        return n;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private Object read(Field f) {
        try {
            return f.get(this);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Module: cannot read field " + f.getName() + " of " + getClass().getName(), e);
        }
    }

    // ---------------------------------------------------------------- modes and gradients

    /** Sets training mode on this module and all inside it (Dropout drops, BatchNorm uses batch statistics); returns this. */
    public Module train() {
        return train(true);
    }

    /** Sets training ({@code true}) or evaluation mode on this module and all inside it; returns this. */
    public Module train(boolean on) {
        for (Module m : modules()) {
            m.training = on;
        }
        return this;
    }

    /** Returns {@code output} after reporting it to a running {@link #summary}; layers end their forward with it. */
    Tensor observed(Tensor output) {
        Summary.observe(this, output);
        return output;
    }

    /** Sets the mode of this module alone, not of those inside it. */
    void trainSelf(boolean on) {
        training = on;
    }

    /** Sets evaluation mode (Dropout off, BatchNorm uses its running statistics); returns this. */
    public Module eval() {
        return train(false);
    }

    /** Whether this module is in training mode. */
    public boolean isTraining() {
        return training;
    }

    /**
     * Sets whether every parameter records gradients: {@code requiresGrad_(false)} freezes the
     * module (for fine-tuning the layers after it); returns this.
     */
    public Module requiresGrad_(boolean on) {
        for (Parameter p : parameters()) {
            p.requiresGrad_(on);
        }
        return this;
    }

    /** Clears the gradient of every parameter (sets it to null, as PyTorch does by default). */
    public void zeroGrad() {
        for (Parameter p : parameters()) {
            p.setGrad(null);
        }
    }

    /** Calls {@code fn} on every submodule (children first) and then on this one; returns this. */
    public Module apply(Consumer<Module> fn) {
        for (Module child : children()) {
            child.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    /** Moves the module to {@code device}: the CPU is the only backend, so it returns this module; other devices fail. */
    @SuppressWarnings("unchecked")
    public <M extends Module> M to(Device device) {
        device.requireAvailable();
        return (M) this;
    }

    // ---------------------------------------------------------------- state

    /**
     * Parameters and buffers by dotted path, in PyTorch's order (each module's parameters,
     * then its buffers, then its children's). The tensors share storage with the module.
     */
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var m : namedModules().entrySet()) {
            for (var p : m.getValue().ownParameters().entrySet()) {
                if (seen.add(p.getValue())) {
                    out.put(join(m.getKey(), p.getKey()), p.getValue().detach());
                }
            }
            for (var b : m.getValue().buffers.entrySet()) {
                out.put(join(m.getKey(), b.getKey()), b.getValue().detach());
            }
        }
        return out;
    }

    /** Keys that {@link #loadStateDict(Map, boolean)} could not match, as PyTorch reports them. */
    public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
    }

    /** Copies every tensor of {@code state} into the parameter or buffer of the same path; keys must match exactly. */
    public IncompatibleKeys loadStateDict(Map<String, Tensor> state) {
        return loadStateDict(state, true);
    }

    /**
     * Copies the tensors of {@code state} into this module's parameters and buffers. With
     * {@code strict}, missing and unexpected keys are errors; shapes must always match. On
     * any error nothing is copied, and the message lists every problem.
     */
    public IncompatibleKeys loadStateDict(Map<String, Tensor> state, boolean strict) {
        LinkedHashMap<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (var e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                mismatched.add("size mismatch for " + e.getKey() + ": copying a param with shape "
                        + Arrays.toString(src.shape()) + " from checkpoint, the shape in current model is "
                        + Arrays.toString(e.getValue().shape()));
            }
        }
        for (String key : state.keySet()) {
            if (!own.containsKey(key)) {
                unexpected.add(key);
            }
        }
        boolean keyError = strict && (!missing.isEmpty() || !unexpected.isEmpty());
        if (keyError || !mismatched.isEmpty()) {
            StringBuilder msg = new StringBuilder("loadStateDict: Error(s) in loading state_dict for "
                    + getClass().getSimpleName() + ":");
            if (strict && !missing.isEmpty()) {
                msg.append("\n\tMissing key(s) in state_dict: ").append(String.join(", ", missing)).append('.');
            }
            if (strict && !unexpected.isEmpty()) {
                msg.append("\n\tUnexpected key(s) in state_dict: ").append(String.join(", ", unexpected)).append('.');
            }
            for (String m : mismatched) {
                msg.append("\n\t").append(m).append('.');
            }
            if (keyError) {
                msg.append("\n\t(Is this a checkpoint of another model? loadStateDict(state, false) loads the keys that match.)");
            }
            throw new IllegalArgumentException(msg.toString());
        }
        try (var g = Torch.noGrad()) {
            for (var e : own.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null) {
                    e.getValue().copy_(src);
                }
            }
        }
        return new IncompatibleKeys(List.copyOf(missing), List.copyOf(unexpected));
    }

    // ---------------------------------------------------------------- description

    /** The arguments shown inside this layer's parentheses, such as {@code in_features=784, out_features=128, bias=True}. */
    public String extraRepr() {
        return "";
    }

    /** A tree like PyTorch's: {@code Sequential(\n  (0): Linear(in_features=784, ...)\n  ...\n)}. */
    @Override
    public String toString() {
        var children = namedChildren();
        String name = getClass().getSimpleName().isEmpty() ? getClass().getName() : getClass().getSimpleName();
        if (children.isEmpty()) {
            return name + "(" + extraRepr() + ")";
        }
        StringBuilder sb = new StringBuilder(name).append("(");
        String extra = extraRepr();
        if (!extra.isEmpty()) {
            sb.append("\n  ").append(extra.replace("\n", "\n  "));
        }
        for (var e : children.entrySet()) {
            sb.append("\n  (").append(e.getKey()).append("): ").append(e.getValue().toString().replace("\n", "\n  "));
        }
        return sb.append("\n)").toString();
    }

    /**
     * Runs a random input of {@code inputShape} (batch included) through the module without
     * recording gradients or changing its state, and tabulates each layer's output shape and
     * parameter count. When a layer's shapes do not fit, the table keeps the rows before it
     * and says which layer failed and why.
     *
     * <pre>{@code
     * System.out.println(net.summary(1, 3, 32, 32));
     * }</pre>
     */
    public Summary summary(int... inputShape) {
        return Summary.of(this, inputShape);
    }
}
