package dev.jtorch.bench;

import static dev.jtorch.Torch.*;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.cpu.Gemm;
import dev.jtorch.cpu.Parallel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntUnaryOperator;

/**
 * Two builds of the library, A and B, timed on one workload in one JVM, taking turns every few
 * steps: on a shared machine a burst of another tenant's work then slows both alike, where two
 * processes run one after the other can differ by 20% for the same code. Each build runs in a
 * class loader of its own (its classes, its JIT-compiled code, its thread pool). Reports B's
 * speed over A's, overall and as the median over the turns.
 *
 * <p>Run it with {@code bench/run-ab REV [--workload convnet|mlp|conv2d|matmul] [--threads N]
 * [--seconds S]}: A is the library at git revision REV, B the working tree. Times are the calling
 * thread's CPU time at one thread (which does all the work), wall time otherwise.
 *
 * <p>Each copy is compiled by the JIT on its own, and not always alike: two copies of the same
 * code measured 0.95x to 1.01x on the ConvNet. Run it three times or more and trust only a
 * difference larger than that.
 */
public final class AbBench {

    private AbBench() {
    }

    /** Seed ConvNet training steps, batch 64. */
    public static IntUnaryOperator convnet() {
        return TrainingStep.convNet();
    }

    /** MLP 784-128-10 training steps, batch 64. */
    public static IntUnaryOperator mlp() {
        return TrainingStep.mlp();
    }

    /** conv2d forward 64x3x32x32, 32 filters 3x3, padding 1, without autograd. */
    public static IntUnaryOperator conv2d() {
        Tensor x = randn(64, 3, 32, 32);
        Tensor w = randn(32, 3, 3, 3);
        Tensor b = randn(32);
        return steps -> {
            try (var g = noGrad()) {
                for (int i = 0; i < steps; i++) {
                    Torch.conv2d(x, w, b, 1, 1);
                }
            }
            return steps;
        };
    }

    /** SGEMM 1024 x 1024 x 1024. */
    public static IntUnaryOperator matmul() {
        int n = 1024;
        float[] a = randn(n, n).toFloatArray();
        float[] b = randn(n, n).toFloatArray();
        float[] c = new float[n * n];
        return steps -> {
            for (int i = 0; i < steps; i++) {
                Gemm.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, 0f, c, 0, n);
            }
            return steps;
        };
    }

    public static void main(String[] args) throws Exception {
        // args: classesA classesB sharedClassPath workload threads seconds
        String workload = args[3];
        int threads = Integer.parseInt(args[4]);
        double seconds = Double.parseDouble(args[5]);
        int perTurn = switch (workload) {
            case "convnet" -> 3;
            case "mlp" -> 200;
            case "conv2d", "matmul" -> 20;
            default -> throw new IllegalArgumentException("unknown workload " + workload + " (convnet, mlp, conv2d, matmul)");
        };
        IntUnaryOperator[] builds = {load(args[0], args[2], workload, threads), load(args[1], args[2], workload, threads)};
        boolean cpuClock = threads == 1;
        ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        long warmUpEnd = System.nanoTime() + (long) (Math.min(10, seconds / 3) * 1e9);
        while (System.nanoTime() < warmUpEnd) {
            builds[0].applyAsInt(perTurn);
            builds[1].applyAsInt(perTurn);
        }
        long[] total = new long[2];
        List<Double> turnRatios = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (int turn = 0; System.nanoTime() < end; turn++) {
            long[] took = new long[2];
            for (int k = 0; k < 2; k++) {
                int v = (turn + k) % 2;   // alternate which build goes first
                long t0 = cpuClock ? clock.getCurrentThreadCpuTime() : System.nanoTime();
                builds[v].applyAsInt(perTurn);
                took[v] = (cpuClock ? clock.getCurrentThreadCpuTime() : System.nanoTime()) - t0;
                total[v] += took[v];
            }
            turnRatios.add((double) took[0] / took[1]);
        }
        double[] ratios = turnRatios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s at %d thread(s), %s time, %d turns of %d steps each:%n", workload, threads,
                cpuClock ? "CPU" : "wall", ratios.length, perTurn);
        System.out.printf(Locale.ROOT, "B / A speed %.3f overall, %.3f median of turns (quartiles %.3f-%.3f)%n",
                (double) total[0] / total[1], ratios[ratios.length / 2], ratios[ratios.length / 4], ratios[3 * ratios.length / 4]);
    }

    /**
     * The workload of that name (one of the methods above), made by this class as loaded with
     * {@code libraryClasses} in a class loader of its own.
     */
    private static IntUnaryOperator load(String libraryClasses, String sharedClassPath, String workload, int threads)
            throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of(libraryClasses).toUri().toURL());
        for (String entry : sharedClassPath.split(":")) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        loader.loadClass(Parallel.class.getName()).getMethod("setNumThreads", int.class).invoke(null, threads);
        loader.loadClass(Torch.class.getName()).getMethod("manualSeed", long.class).invoke(null, 0L);
        return (IntUnaryOperator) loader.loadClass(AbBench.class.getName()).getMethod(workload).invoke(null);
    }
}
