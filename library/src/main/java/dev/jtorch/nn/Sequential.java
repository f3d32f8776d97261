package dev.jtorch.nn;

import dev.jtorch.Tensor;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Layers applied one after another: the output of each is the input of the next. The
 * layers are named {@code 0}, {@code 1}, ... in the state dict ({@code 0.weight}).
 *
 * <p>Shape: the input of the first layer to the output of the last.
 *
 * <pre>{@code
 * var net = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
 * net.forward(randn(64, 784));   // [64, 10]
 * }</pre>
 */
public class Sequential extends Module implements Iterable<Module> {

    /** The given layers, in order. */
    public Sequential(Module... layers) {
        for (Module m : layers) {
            add(m);
        }
    }

    /** Named layers, in the map's order (a {@code LinkedHashMap}, as PyTorch's {@code OrderedDict}). */
    public Sequential(Map<String, ? extends Module> layers) {
        layers.forEach(this::register);
    }

    /** Appends a layer; returns this. */
    public Sequential add(Module layer) {
        register(Integer.toString(size()), layer);
        return this;
    }

    /** The layer at {@code index} (negative counts from the end). */
    public Module get(int index) {
        List<Module> layers = children();
        int i = index < 0 ? index + layers.size() : index;
        if (i < 0 || i >= layers.size()) {
            throw new IndexOutOfBoundsException("Sequential: index " + index + " is out of range for " + layers.size()
                    + " layers");
        }
        return layers.get(i);
    }

    /** The number of layers. */
    public int size() {
        return namedChildren().size();
    }

    @Override
    public Iterator<Module> iterator() {
        return children().iterator();
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Module layer : children()) {
            try {
                x = layer.forward(x);
            } catch (RuntimeException e) {
                Summary.failed(layer);
                throw e;
            }
            Summary.observe(layer, x);
        }
        return x;
    }
}
