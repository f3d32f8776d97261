package dev.jtorch.bench;

import dev.jtorch.cpu.Gemm;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.cpu.Parallel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * JTorch's SGEMM (and an im2col convolution) beside PyTorch on this machine, in one run.
 *
 * <p>For each thread count: this machine's FMA peak on the Vector API, then for each size a
 * JTorch timing (warm-up, median of {@code reps}) directly followed by PyTorch's
 * ({@code torch_reference.py}, OpenBLAS uncapped and given as many threads), so that both
 * see the same load; this pair is repeated {@code rounds} times and each side keeps its best
 * median, which filters out bursts of load from other processes on a shared machine. Prints a
 * table with GFLOPS, % of peak and the ratio JTorch / PyTorch; at one thread also the GFLOPS
 * over the calling thread's CPU time on both sides, which time-slicing cannot distort.
 *
 * <pre>
 * bench/run-matmul                       # sizes 256,512,1024,2048; threads 1,2; 9 reps; 5 rounds
 * bench/run-matmul --sizes 1024 --threads 1 --reps 15 --rounds 5
 * </pre>
 */
public final class MatmulBench {
    private MatmulBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = {256, 512, 1024, 2048};
        int[] threadCounts = {1, Runtime.getRuntime().availableProcessors()};
        int reps = 9;
        int rounds = 5;
        boolean conv = true;
        Path script = Path.of(System.getProperty("jtorch.bench.dir", "bench"), "torch_reference.py");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = ints(args[++i]);
                case "--threads" -> threadCounts = ints(args[++i]);
                case "--reps" -> reps = Math.max(7, Integer.parseInt(args[++i]));
                case "--rounds" -> rounds = Math.max(1, Integer.parseInt(args[++i]));
                case "--no-conv" -> conv = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --sizes 256,512 --threads 1,2 --reps 9 --rounds 5 --no-conv)");
            }
        }
        threadCounts = Arrays.stream(threadCounts).distinct().toArray();
        System.out.println("CPU: " + cpuName() + ", " + Runtime.getRuntime().availableProcessors() + " threads; Java "
                + Runtime.version() + "; vector species " + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED);
        String loadBefore = loadAverage();
        matmulGflops(512, 7); // C2 compiles the kernels here, not in the first timed size
        List<String> rows = new ArrayList<>();
        Ratios ratios = new Ratios();
        for (int threads : threadCounts) {
            double peak = Peak.gflops(threads);
            System.out.printf("peak (Vector API FMA loop), %d thread(s): %.1f GFLOPS%n", threads, peak);
            Parallel.setNumThreads(threads);
            for (int n : sizes) {
                Rate ours = new Rate(0, 0), theirs = new Rate(0, 0);
                for (int r = 0; r < rounds; r++) {
                    ours = ours.best(matmulGflops(n, reps));
                    theirs = theirs.best(torch(script, threads, reps, "matmul", String.valueOf(n)));
                }
                rows.add(row("matmul " + n, threads, ours, peak, theirs));
                ratios.add("matmul " + n, threads, ours.wall / theirs.wall);
                System.out.println(rows.get(rows.size() - 1));
            }
            if (conv) {
                Rate ours = new Rate(0, 0), theirs = new Rate(0, 0);
                for (int r = 0; r < rounds; r++) {
                    for (int run = 0; run < TorchReference.bestWaitPolicyRuns(threads); run++) {
                        ours = ours.best(convGflops(reps));
                    }
                    theirs = theirs.best(torch(script, threads, reps, "conv2d"));
                }
                rows.add(row("conv2d 64x3x32x32 * 32x3x3x3 pad 1", threads, ours, peak, theirs));
                ratios.add("conv2d forward", threads, ours.wall / theirs.wall);
                System.out.println(rows.get(rows.size() - 1));
            }
        }
        System.out.println();
        System.out.println("load average (1, 5, 15 min) before: " + loadBefore + ", after: " + loadAverage());
        System.out.println(String.format("%-36s %7s %14s %9s %15s %7s %10s %10s %7s", "op", "threads", "JTorch GFLOPS",
                "% peak", "PyTorch GFLOPS", "ratio", "JTorch cpu", "PyTorch cpu", "ratio"));
        rows.forEach(System.out::println);
        ratios.save("matmul");
    }

    /** GFLOPS from the median wall time, and from the median CPU time of the calling thread. */
    record Rate(double wall, double cpu) {
        Rate best(Rate o) {
            return new Rate(Math.max(wall, o.wall), Math.max(cpu, o.cpu));
        }
    }

    private static String row(String op, int threads, Rate ours, double peak, Rate theirs) {
        String line = String.format("%-36s %7d %14.1f %8.0f%% %15.1f %7.2f", op, threads, ours.wall, 100 * ours.wall / peak,
                theirs.wall, ours.wall / theirs.wall);
        // at one thread all the work is on the calling thread on both sides, so CPU time is a
        // measure that other processes cannot distort; with more, OpenBLAS's spinning threads would
        return threads == 1
                ? line + String.format(" %10.1f %10.1f %7.2f", ours.cpu, theirs.cpu, ours.cpu / theirs.cpu)
                : line;
    }

    private static Rate matmulGflops(int n, int reps) {
        Random rnd = new Random(1);
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() - 0.5f;
            b[i] = rnd.nextFloat() - 0.5f;
        }
        double[] seconds = medianSeconds(reps, () -> Gemm.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, 0f, c, 0, n));
        double flops = 2.0 * n * n * n;
        return new Rate(flops / seconds[0] / 1e9, flops / seconds[1] / 1e9);
    }

    /** conv2d forward through the library's public op, without autograd, as PyTorch's side runs it. */
    private static Rate convGflops(int reps) {
        Torch.manualSeed(2);
        Tensor x = Torch.rand(64, 3, 32, 32).sub(0.5);
        Tensor weight = Torch.rand(32, 3, 3, 3).sub(0.5);
        double[] seconds = medianSeconds(reps, () -> {
            try (var off = Torch.noGrad()) {
                Torch.conv2d(x, weight, null, 1, 1);
            }
        });
        double flops = 2.0 * 64 * 32 * 32 * 32 * 3 * 3 * 3;
        return new Rate(flops / seconds[0] / 1e9, flops / seconds[1] / 1e9);
    }

    /**
     * Median wall seconds and median CPU seconds of the calling thread, after a warm-up of at
     * least 3 runs and a second, so that C2 has compiled the kernels before timing starts.
     */
    private static double[] medianSeconds(int reps, Runnable op) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < 3 || System.nanoTime() < warmEnd; i++) {
            op.run();
        }
        double[] wall = new double[reps], cpu = new double[reps];
        for (int i = 0; i < reps; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            op.run();
            wall[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[reps / 2], cpu[reps / 2]};
    }

    /**
     * Runs the PyTorch reference: OpenBLAS uncapped; for matmul it gets the threads, for conv
     * torch does, with the better of OpenMP's two wait policies.
     */
    private static Rate torch(Path script, int threads, int reps, String... op) throws Exception {
        List<String> args = new ArrayList<>(List.of(script.toString()));
        args.addAll(List.of(op));
        args.addAll(List.of(String.valueOf(threads), String.valueOf(reps)));
        boolean matmul = op[0].equals("matmul");
        // matmul runs on OpenBLAS's threads; conv2d on torch's OpenMP threads, whose wait policy matters
        String out = matmul ? TorchReference.run(args, threads) : TorchReference.runBestWaitPolicy(args, threads, 1, "gflops");
        double gflops = TorchReference.field(out, "gflops");
        if (Double.isNaN(gflops)) {
            throw new IllegalStateException("PyTorch reference printed no gflops: " + args + "\n" + out);
        }
        return new Rate(gflops, TorchReference.field(out, "cpu_gflops"));
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** Other processes' load matters on a shared machine: the table says how busy it was. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuName() {
        try {
            String model = "?", family = "?", number = "?";
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                String v = line.contains(":") ? line.substring(line.indexOf(':') + 1).trim() : "";
                if (line.startsWith("model name")) {
                    model = v;
                } else if (line.startsWith("cpu family")) {
                    family = v;
                } else if (line.startsWith("model\t")) {
                    number = v;
                }
            }
            return model + " (family " + family + ", model " + number + ")";
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }
}
