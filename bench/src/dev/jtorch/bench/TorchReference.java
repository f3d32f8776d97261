package dev.jtorch.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a PyTorch reference script with Debian's python3 and reads the numbers it prints as
 * JSON fields. OpenBLAS runs uncapped (no OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE) with the
 * thread count the caller gives it.
 */
final class TorchReference {
    private TorchReference() {
    }

    /** The script's whole output; fails with that output when the script fails. */
    static String run(List<String> scriptAndArgs, int openblasThreads) throws Exception {
        return run(scriptAndArgs, openblasThreads, Map.of());
    }

    /**
     * The best of {@code field} over torch's two OpenMP wait policies: spinning (the default),
     * fastest on an idle machine, and sleeping ({@code OMP_WAIT_POLICY=PASSIVE}), without which
     * torch's threads spin against other processes' on a loaded one and run 10 to 50 times
     * slower. One thread has nothing to wait for, so it runs once. Returns the output of the best run.
     */
    static String runBestWaitPolicy(List<String> scriptAndArgs, int torchThreads, int openblasThreads, String field)
            throws Exception {
        String best = run(scriptAndArgs, openblasThreads);
        if (torchThreads > 1) {
            String passive = run(scriptAndArgs, openblasThreads, Map.of("OMP_WAIT_POLICY", "PASSIVE"));
            if (field(passive, field) > field(best, field)) {
                best = passive;
            }
        }
        return best;
    }

    /**
     * How many runs {@link #runBestWaitPolicy} makes at {@code torchThreads}: JTorch's side of a
     * comparison takes as many measurements per round, so that neither side gets more chances
     * at a quiet moment of the machine.
     */
    static int bestWaitPolicyRuns(int torchThreads) {
        return torchThreads > 1 ? 2 : 1;
    }

    /** {@link #run(List, int)} with {@code extraEnv} added to the script's environment. */
    static String run(List<String> scriptAndArgs, int openblasThreads, Map<String, String> extraEnv) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-W", "ignore"));
        cmd.addAll(scriptAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("OPENBLAS_CORETYPE");
        env.remove("OPENBLAS_L2_SIZE");
        env.put("OPENBLAS_NUM_THREADS", String.valueOf(openblasThreads));
        env.putAll(extraEnv);
        Process p = pb.start();
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("PyTorch reference failed: " + cmd + "\n" + all);
        }
        return all.toString();
    }

    /** The last value of JSON field {@code name} in {@code output}, or NaN when absent. */
    static double field(String output, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\": ([0-9.eE+-]+)").matcher(output);
        double value = Double.NaN;
        while (m.find()) {
            value = Double.parseDouble(m.group(1));
        }
        return value;
    }
}
