package dev.jtorch.nn;

import java.util.Iterator;
import java.util.List;

/**
 * A list of modules whose parameters belong to the module holding it: the entries are named
 * {@code 0}, {@code 1}, ... ({@code heads.0.weight}). It has no forward; iterate over it.
 *
 * <pre>{@code
 * final ModuleList heads = new ModuleList(new Linear(10, 1), new Linear(10, 1));
 * for (var head : heads) { ... }
 * }</pre>
 */
public class ModuleList extends Module implements Iterable<Module> {

    /** The given modules, in order. */
    public ModuleList(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /** Appends a module; returns this. */
    public ModuleList add(Module module) {
        register(Integer.toString(size()), module);
        return this;
    }

    /** The module at {@code index} (negative counts from the end). */
    public Module get(int index) {
        List<Module> modules = children();
        int i = index < 0 ? index + modules.size() : index;
        if (i < 0 || i >= modules.size()) {
            throw new IndexOutOfBoundsException("ModuleList: index " + index + " is out of range for " + modules.size()
                    + " modules");
        }
        return modules.get(i);
    }

    /** The number of modules. */
    public int size() {
        return namedChildren().size();
    }

    @Override
    public Iterator<Module> iterator() {
        return children().iterator();
    }
}
