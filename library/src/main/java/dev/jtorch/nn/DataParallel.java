package dev.jtorch.nn;

import dev.jtorch.NoGrad;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a module on slices of the batch in parallel, one per CPU thread, and concatenates the
 * results: the same numbers as the module alone, with the work spread over the cores. All
 * slices use the module's own parameters, so gradients from every slice add up in them
 * through the concatenation. The wrapped module is the field {@code module}, so state-dict
 * keys read {@code module.fc1.weight}, as PyTorch's do.
 *
 * <p>The module's forward must be safe to run on several threads at once, as layers are;
 * BatchNorm's running statistics are then updated by every slice.
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

    private static final ThreadLocal<Boolean> IN_WORKER = ThreadLocal.withInitial(() -> false);
    private static volatile ExecutorService pool;

    /** Splits across all available cores. */
    public DataParallel(Module module) {
        this(module, Runtime.getRuntime().availableProcessors());
    }

    /** Splits across {@code numThreads} threads. */
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
        if (slices <= 1 || IN_WORKER.get() || Summary.recording()) {
            return observed(module.forward(x));
        }
        Tensor[] parts = x.chunk(slices, 0);
        boolean recording = NoGrad.isGradEnabled();
        List<Future<Tensor>> results = new ArrayList<>();
        for (Tensor part : parts) {
            results.add(pool().submit(() -> {
                // Grad mode is per thread: the workers record (or not) as the caller does.
                try (var g = recording ? Torch.enableGrad() : Torch.noGrad()) {
                    IN_WORKER.set(true);
                    return module.forward(part);
                } finally {
                    IN_WORKER.set(false);
                }
            }));
        }
        Tensor[] outputs = new Tensor[parts.length];
        try {
            for (int i = 0; i < outputs.length; i++) {
                outputs[i] = results.get(i).get();
            }
        } catch (InterruptedException e) {
            results.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("DataParallel: interrupted while the slices ran", e);
        } catch (ExecutionException e) {
            results.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("DataParallel: " + e.getCause(), e.getCause());
        }
        return observed(Torch.cat(outputs, 0));
    }

    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (DataParallel.class) {
                if (pool == null) {
                    pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
                        Thread t = new Thread(r, "jtorch-data-parallel");
                        t.setDaemon(true);
                        return t;
                    });
                }
                p = pool;
            }
        }
        return p;
    }
}
