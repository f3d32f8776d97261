package dev.jtorch.nn;

import java.util.Map;
import java.util.Set;

/**
 * Modules by name, in insertion order; their parameters belong to the module holding it
 * ({@code heads.age.weight}).
 *
 * <pre>{@code
 * final ModuleDict heads = new ModuleDict(Map.of("age", new Linear(10, 1)));
 * heads.get("age").forward(x);
 * }</pre>
 */
public class ModuleDict extends Module {

    /** An empty dictionary. */
    public ModuleDict() {
    }

    /** The given modules (in the map's iteration order). */
    public ModuleDict(Map<String, ? extends Module> modules) {
        modules.forEach(this::put);
    }

    /** Adds a module under {@code name}; returns this. */
    public ModuleDict put(String name, Module module) {
        register(name, module);
        return this;
    }

    /** The module named {@code name}. */
    public Module get(String name) {
        Module m = namedChildren().get(name);
        if (m == null) {
            throw new IllegalArgumentException("ModuleDict: no module named '" + name + "'; it has " + keys());
        }
        return m;
    }

    /** The names, in insertion order. */
    public Set<String> keys() {
        return namedChildren().keySet();
    }

    /** The number of modules. */
    public int size() {
        return namedChildren().size();
    }
}
