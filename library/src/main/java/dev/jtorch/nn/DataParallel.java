package dev.jtorch.nn;

import dev.jtorch.NoGrad;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import dev.jtorch.cpu.Parallel;

/**
 * Runs a module on slices of the batch in parallel, one per CPU thread, and concatenates the
 * results: the same numbers as the module alone, with the work spread over the cores. All
 * slices use the module's own parameters, so gradients from every slice add up in them
 * through the concatenation. The wrapped module is the field {@code module}, so state-dict
 * keys read {@code module.fc1.weight}, as PyTorch's do.
 *
 * <p>The module's forward must be safe to run on several threads at once, as layers are.
 * In training, BatchNorm normalises each slice with that slice's statistics (as PyTorch's
 * DataParallel does with its replicas), and the slices' updates of the running statistics
 * may overwrite one another.
 *
 * <p>Shape: input {@code [N, *]}, output the module's output for the whole batch.
 *
 * <pre>{@code
 * var model = new DataParallel(new ConvNet());
 * var loss = criterion.forward(model.forward(images), labels);
 * loss.backward();
 * }</pre>
 */
public class DataParallel extends Module {
    /** The module that does the work. */
    public final Module module;
    /** The number of slices a batch is split into (at most). */
    public final int numThreads;

    /** Splits across the threads of the compute pool ({@code Torch.setNumThreads}, by default all cores). */
    public DataParallel(Module module) {
        this(module, Parallel.numThreads());
    }

    /** Splits into at most {@code numThreads} slices. */
    public DataParallel(Module module, int numThreads) {
        if (numThreads < 1) {
            throw new IllegalArgumentException("DataParallel: numThreads must be positive, got " + numThreads);
        }
        this.module = module;
        this.numThreads = numThreads;
    }

    @Override
    public Tensor forward(Tensor x) {
        int slices = x.dim() == 0 ? 1 : Math.min(numThreads, x.size(0));
        // A summary records on the calling thread, so it runs the module there.
        if (slices <= 1 || Summary.recording()) {
            return observed(module.forward(x));
        }
        Tensor[] parts = x.chunk(slices, 0);
        Tensor[] outputs = new Tensor[parts.length];
        boolean recording = NoGrad.isGradEnabled();
        // One slice per chunk of the compute pool; the ops inside a slice then run on its thread.
        Parallel.forRange(parts.length, 1, (from, to) -> {
            // Grad mode is per thread: the workers record (or not) as the caller does.
            try (var g = recording ? Torch.enableGrad() : Torch.noGrad()) {
                for (int i = from; i < to; i++) {
                    outputs[i] = module.forward(parts[i]);
                }
            }
        });
        return observed(Torch.cat(outputs, 0));
    }
}
