package dev.jtorch.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged kernel jar driven by Jupyter's own jupyter_client (Debian's python3-jupyter-client
 * under /usr/bin/python3): a kernelspec is written into a temporary JUPYTER_PATH, and a Python
 * script starts the kernel and checks execute, errors, display, completion, inspection,
 * is_complete, history, interrupt, magics, shutdown, and nbconvert --execute where installed.
 * Skipped, saying why, where Jupyter is absent.
 */
class JupyterClientIT {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void jupyterClientDrivesTheInstalledKernel() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "skipped: /usr/bin/python3 is missing (install python3-jupyter-client)");
        assumeTrue(python("-c", "import jupyter_client").waitFor() == 0,
                "skipped: jupyter_client is not importable by /usr/bin/python3 (apt-get install python3-jupyter-client)");
        Path jar = Path.of(System.getProperty("jtorch.kernel.jar", "target/jtorch-kernel.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the kernel jar is built before integration tests: " + jar);

        Path jupyterPath = Files.createTempDirectory("jtorch-jupyter-path");
        Path kernelDir = Files.createDirectories(jupyterPath.resolve("kernels").resolve("jtorch"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Files.writeString(kernelDir.resolve("kernel.json"), """
                {"argv": ["%s", "--add-modules", "jdk.incubator.vector", "-jar", "%s", "{connection_file}"],
                 "display_name": "JTorch (test)", "language": "java", "interrupt_mode": "message"}
                """.formatted(java, jar));
        Path script = Files.createTempFile("jupyter_client_check", ".py");
        try (InputStream in = getClass().getResourceAsStream("jupyter_client_check.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path log = Files.createTempFile("jupyter_client_check", ".log");
        ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), script.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JUPYTER_PATH", jupyterPath.toString());
        builder.environment().put("JUPYTER_DATA_DIR", jupyterPath.toString());
        builder.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        Process process = builder.start();
        boolean finished = process.waitFor(300, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "jupyter_client check timed out:\n" + output);
        assertEquals(0, process.exitValue(), "jupyter_client check failed:\n" + output);
        assertTrue(output.contains("ok: process exits after shutdown"), output);
    }

    private static Process python(String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = PYTHON.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
