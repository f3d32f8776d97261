package dev.jtorch.bench;

import static dev.jtorch.Torch.*;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Training-step throughput of JTorch beside PyTorch on this machine, in one run: the MLP
 * 784-128-10 and the seed ConvNet (three conv+pool blocks on 3x32x32), batch 64, SGD with
 * momentum and cross-entropy, at each thread count; then the heap after 100 and after
 * 10,000 MLP steps and the share of time spent in GC. At one thread it also gives rates over
 * the CPU time of the thread doing the work, which the load of other processes on a shared
 * machine cannot distort.
 *
 * <p>Run it with {@code bench/run-training [--threads 1,2] [--reps 7] [--rounds 3] [--leak-steps 10000]}.
 */
public final class TrainingBench {

    private TrainingBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] threads = {1, 2};
        int reps = 7;
        int rounds = 3;
        int leakSteps = 10_000;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--threads" -> threads = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--leak-steps" -> leakSteps = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path script = Path.of(System.getProperty("jtorch.bench.dir", "bench"), "torch_training.py");
        manualSeed(0);
        System.out.println("load average (1, 5, 15 min) before: " + loadAverage());
        List<String> rows = new ArrayList<>();
        Ratios ratios = new Ratios();
        for (int t : threads) {
            setNumThreads(t);
            TrainingStep mlp = TrainingStep.mlp();
            TrainingStep cnn = TrainingStep.convNet();
            Rates mlpOurs = null, mlpTheirs = null, cnnOurs = null, cnnTheirs = null;
            for (int r = 0; r < rounds; r++) {
                mlpOurs = oursInRound(mlpOurs, mlp::step, 200, reps, t, r == 0);
                mlpTheirs = Rates.best(mlpTheirs, torch(script, "mlp", t, reps));
                cnnOurs = oursInRound(cnnOurs, cnn::step, 5, reps, t, r == 0);
                cnnTheirs = Rates.best(cnnTheirs, torch(script, "convnet", t, reps));
            }
            rows.add(row("MLP 784-128-10 samples", t, mlpOurs, mlpTheirs));
            rows.add(row("ConvNet 3x32x32 images", t, cnnOurs, cnnTheirs));
            ratios.add("MLP training step", t, mlpOurs.wall / mlpTheirs.wall);
            ratios.add("ConvNet training step", t, cnnOurs.wall / cnnTheirs.wall);
            System.out.println(rows.get(rows.size() - 2) + "\n" + rows.get(rows.size() - 1));
        }
        System.out.println("load average (1, 5, 15 min) after: " + loadAverage() + "\n");
        System.out.printf(Locale.ROOT, "%-26s %7s %12s %12s %7s %12s %12s %7s%n", "training step (batch 64)", "threads",
                "JTorch /s", "PyTorch /s", "ratio", "JTorch /cpu-s", "PyTorch /cpu-s", "ratio");
        rows.forEach(System.out::println);
        ratios.save("training");
        leakCheck(leakSteps);
    }

    /**
     * A table row: rates over wall time, and at one thread also over the calling thread's CPU time,
     * which other processes on a shared machine cannot distort (at two threads they can: a
     * thread that waits for its partner spins or sleeps depending on the load).
     */
    private static String row(String what, int threads, Rates ours, Rates theirs) {
        String line = String.format(Locale.ROOT, "%-26s %7d %12.0f %12.0f %6.2fx", what, threads, ours.wall, theirs.wall,
                ours.wall / theirs.wall);
        return threads == 1
                ? line + String.format(Locale.ROOT, " %12.0f %12.0f %6.2fx", ours.cpu, theirs.cpu, ours.cpu / theirs.cpu)
                : line;
    }

    /** Images (or samples) per second of wall time and per second of the calling thread's CPU time. */
    private record Rates(double wall, double cpu) {
        /** The higher rates of a and b (a may be null: none yet). */
        static Rates best(Rates a, Rates b) {
            return a == null ? b : new Rates(Math.max(a.wall, b.wall), Math.max(a.cpu, b.cpu));
        }
    }

    private static final double WARM_UP_SECONDS = 10;

    /**
     * The better of {@code best} (null: none yet) and this round's median rates, measured as
     * many times as PyTorch's side runs at {@code threads} (the first time after the warm-up).
     */
    private static Rates oursInRound(Rates best, Runnable step, int steps, int reps, int threads, boolean firstRound) {
        for (int run = 0; run < TorchReference.bestWaitPolicyRuns(threads); run++) {
            best = Rates.best(best, medianRates(step, steps, reps, firstRound && run == 0 ? WARM_UP_SECONDS : 0));
        }
        return best;
    }

    /**
     * Median rates over {@code reps} runs of {@code steps} steps, after a warm-up of at least
     * {@code steps} steps and {@code warmUpSeconds} ({@value #WARM_UP_SECONDS} s the first time:
     * the JIT needs thousands of MLP steps before the rate settles, 1,000 us a step at first,
     * 530 us after 10 s here).
     */
    private static Rates medianRates(Runnable step, int steps, int reps, double warmUpSeconds) {
        long warmUpEnd = System.nanoTime() + (long) (warmUpSeconds * 1e9);
        for (int i = 0; i < steps || System.nanoTime() < warmUpEnd; i++) {
            step.run();
        }
        double[] wall = new double[reps];
        double[] cpu = new double[reps];
        for (int r = 0; r < reps; r++) {
            long c0 = threadCpuNanos();
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step.run();
            }
            wall[r] = (System.nanoTime() - t0) / 1e9 / steps;
            cpu[r] = (threadCpuNanos() - c0) / 1e9 / steps;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new Rates(64 / wall[reps / 2], 64 / cpu[reps / 2]);
    }

    /**
     * CPU time of the calling thread, which at one thread does all the work on both sides; the
     * process's would also count the JIT compiler, still busy with rare paths after warm-up.
     */
    private static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Heap in use after 100 steps and after {@code steps} steps (after a full GC each time), and GC's share. */
    private static void leakCheck(int steps) {
        setNumThreads(Runtime.getRuntime().availableProcessors());
        TrainingStep mlp = TrainingStep.mlp();
        for (int i = 0; i < 100; i++) {
            mlp.step();
        }
        long after100 = usedHeapAfterGc();
        long gcBefore = gcMillis();
        long t0 = System.nanoTime();
        for (int i = 100; i < steps; i++) {
            mlp.step();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double gcShare = (gcMillis() - gcBefore) / 1000.0 / seconds;
        long afterAll = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "%nMLP heap after 100 steps: %.1f MiB; after %d steps: %.1f MiB; GC %.1f%% of step time%n",
                after100 / 1048576.0, steps, afterAll / 1048576.0, 100 * gcShare);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(gc.getCollectionTime(), 0);
        }
        return total;
    }

    /**
     * The PyTorch reference: torch with N threads, OpenBLAS uncapped and single-threaded (no
     * fight with OpenMP), and the better of OpenMP's two wait policies.
     */
    private static Rates torch(Path script, String model, int threads, int reps) throws Exception {
        List<String> args = List.of(script.toString(), model, String.valueOf(threads), String.valueOf(reps));
        String out = TorchReference.runBestWaitPolicy(args, threads, 1, "per_second");
        double rate = TorchReference.field(out, "per_second");
        if (Double.isNaN(rate)) {
            throw new IllegalStateException("PyTorch reference printed no rate: " + args + "\n" + out);
        }
        return new Rates(rate, TorchReference.field(out, "per_cpu_second"));
    }
}
