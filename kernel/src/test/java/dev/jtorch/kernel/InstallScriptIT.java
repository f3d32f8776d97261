package dev.jtorch.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The repository's ./install registers the packaged kernel where Jupyter looks, and --uninstall removes it. */
class InstallScriptIT {

    private static final Path INSTALL = Path.of("..", "install").toAbsolutePath().normalize();

    @Test
    void installWritesAKernelspecIntoJupyterDataDirAndUninstallRemovesIt() throws Exception {
        Path dataDir = Files.createTempDirectory("jupyter-data");
        String output = install(dataDir, "--no-build");
        Path kernelDir = dataDir.resolve("kernels/jtorch");
        JsonNode spec = new ObjectMapper().readTree(kernelDir.resolve("kernel.json").toFile());
        List<String> argv = new ArrayList<>();
        spec.path("argv").forEach(arg -> argv.add(arg.asText()));
        assertTrue(Path.of(argv.getFirst()).isAbsolute() && Files.isExecutable(Path.of(argv.getFirst())), argv.toString());
        assertTrue(argv.contains("jdk.incubator.vector"), argv.toString());
        assertEquals("{connection_file}", argv.getLast());
        assertTrue(Files.isRegularFile(Path.of(argv.get(argv.indexOf("-jar") + 1))), argv.toString());
        assertEquals("java", spec.path("language").asText());
        assertEquals("message", spec.path("interrupt_mode").asText());
        assertTrue(Files.isRegularFile(kernelDir.resolve("logo-32x32.png")));
        assertTrue(Files.isRegularFile(kernelDir.resolve("logo-64x64.png")));
        assertTrue(output.contains("jupyter notebook notebooks/") || output.contains("Jupyter itself is not installed"), output);

        install(dataDir, "--uninstall");
        assertFalse(Files.exists(kernelDir), "kernelspec removed");
    }

    @Test
    void installWritesNothingOutsideTheKernelspecFolder() throws Exception {
        Path home = Files.createTempDirectory("home");
        Path dataDir = Files.createTempDirectory("jupyter-data");
        Path repo = INSTALL.getParent();
        Map<Path, String> repoBefore = snapshot(repo);
        List<String> command = List.of("bash", INSTALL.toString(), "--no-build");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JUPYTER_DATA_DIR", dataDir.toString());
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("XDG_DATA_HOME");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);

        Path kernelDir = dataDir.resolve("kernels/jtorch");
        assertTrue(Files.isRegularFile(kernelDir.resolve("kernel.json")), output);
        try (Stream<Path> written = Files.walk(dataDir)) {
            List<Path> outside = written.filter(Files::isRegularFile).filter(file -> !file.startsWith(kernelDir)).toList();
            assertEquals(List.of(), outside, "files outside the kernelspec folder");
        }
        try (Stream<Path> inHome = Files.walk(home)) {
            assertEquals(List.of(home), inHome.toList(), "nothing is written to the home folder");
        }
        assertEquals(repoBefore, snapshot(repo), "the repository is left as it was");
    }

    // The repository's sources with their sizes and modification times (builds write only into target/).
    private static Map<Path, String> snapshot(Path repo) throws IOException {
        try (Stream<Path> files = Files.walk(repo)) {
            Map<Path, String> sizes = new TreeMap<>();
            for (Path file : files.filter(path -> isSource(repo.relativize(path))).filter(Files::isRegularFile).toList()) {
                sizes.put(file, Files.size(file) + "@" + Files.getLastModifiedTime(file));
            }
            return sizes;
        }
    }

    private static boolean isSource(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals("target") || part.toString().startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    @Test
    void prefixInstallsIntoAnEnvironmentsShareFolder() throws Exception {
        Path prefix = Files.createTempDirectory("env");
        install(Files.createTempDirectory("unused"), "--no-build", "--prefix", prefix.toString());
        assertTrue(Files.isRegularFile(prefix.resolve("share/jupyter/kernels/jtorch/kernel.json")));
    }

    @Test
    void unknownOptionsAreRefusedWithAMessage() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", INSTALL.toString(), "--bogus").redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue());
        assertTrue(output.contains("unknown option --bogus"), output);
    }

    private static String install(Path dataDir, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", INSTALL.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JUPYTER_DATA_DIR", dataDir.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
