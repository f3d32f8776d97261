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
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-W", "ignore"));
        cmd.addAll(scriptAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("OPENBLAS_CORETYPE");
        env.remove("OPENBLAS_L2_SIZE");
        env.put("OPENBLAS_NUM_THREADS", String.valueOf(openblasThreads));
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
