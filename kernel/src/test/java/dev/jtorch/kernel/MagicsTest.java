package dev.jtorch.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Magics as a notebook user types them, through the kernel over ZeroMQ. */
@Timeout(120)
class MagicsTest {

    private static Path work;
    private static RunningKernel kernel;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("jtorch-magics");
        Path repository = work.resolve("repository");
        // A little Maven repository: greeting 1.0 depends on names 1.0.
        publish(repository, "names", "package demo.names; public class Names { public static String who() { return \"world\"; } }",
                "demo/names/Names", "");
        publish(repository, "greeting", "package demo.greeting; public class Greeting { public static String hello() { "
                        + "return \"hello \" + demo.names.Names.who(); } }", "demo/greeting/Greeting",
                "<dependencies><dependency><groupId>demo</groupId><artifactId>names</artifactId><version>1.0</version>"
                        + "</dependency></dependencies>");
        jar(work.resolve("jars/tool.jar"), "package demo.tool; public class Tool { public static int three() { return 3; } }",
                "demo/tool/Tool");
        kernel = RunningKernel.fromClassPath("-Djtorch.maven.repositories=" + repository.toUri(),
                "-Djtorch.maven.local=" + work.resolve("local-repository"));
        kernel.start();
    }

    @AfterAll
    static void stop() {
        kernel.stop();
    }

    private static KernelProtocolTest.Run run(String code) {
        return KernelProtocolTest.Run.of(kernel.client(), code, 60_000);
    }

    @Test
    void mavenResolvesTransitiveDependenciesUsableOnTheNextLine() {
        KernelProtocolTest.Run run = run("%maven demo:greeting:1.0\ndemo.greeting.Greeting.hello()");
        assertEquals("ok", run.status(), run.reply().content().toString());
        assertTrue(run.stdout().contains("Added 2 jars"), run.stdout());
        assertEquals("\"hello world\"", run.plainResult());
        assertFalse(run.stderr().contains("SLF4J"), run.stderr());
    }

    @Test
    void mavenShowsNoWarningAboutTheResolversLogging() throws IOException {
        // the resolver is built at the first %maven of a kernel, by this test or the one above
        KernelProtocolTest.Run run = run("%maven demo:names:1.0");
        assertEquals("ok", run.status(), run.reply().content().toString());
        assertFalse(run.stderr().contains("SLF4J"), run.stderr());
        assertFalse(kernel.process().logText().contains("SLF4J"), kernel.process().logText());
    }

    @Test
    void mavenWithBadCoordinatesSaysWhatItExpects() {
        KernelProtocolTest.Run run = run("%maven not-coordinates");
        assertEquals("error", run.status());
        assertTrue(run.reply().content().path("evalue").asText().contains("group:artifact:version"));
    }

    @Test
    void jarsAddsAGlobOfJarsAndClasspathListsThem() {
        KernelProtocolTest.Run run = run("%jars " + work.resolve("jars") + "/*.jar\ndemo.tool.Tool.three()");
        assertEquals("3", run.plainResult());
        assertTrue(run("%classpath").stdout().contains("tool.jar"));
    }

    @Test
    void loadPutsTheFileIntoTheCellToEditWithoutRunningIt() throws IOException {
        Path file = work.resolve("snippet.jsh");
        Files.writeString(file, "int loaded = 20;\nSystem.out.println(\"ran\");\nloaded + 1\n");
        KernelProtocolTest.Run run = run("%load " + file);
        assertEquals("ok", run.status(), run.reply().content().toString());
        JsonNode payload = run.reply().content().path("payload").get(0);
        assertEquals("set_next_input", payload.path("source").asText(), run.reply().content().toString());
        assertEquals("// %load " + file + "\n" + Files.readString(file), payload.path("text").asText());
        assertTrue(payload.path("replace").asBoolean());
        assertEquals("", run.stdout());
        assertTrue(run.of("execute_result").isEmpty());
        assertEquals("error", run("loaded").status(), "the file's code did not run");
        assertEquals("21", run(payload.path("text").asText()).plainResult(), "the loaded text runs as a cell");
    }

    @Test
    void loadOfAMissingFileIsAUsageError() {
        KernelProtocolTest.Run run = run("%load " + work.resolve("no-such-file.jsh"));
        assertEquals("UsageError", run.reply().content().path("ename").asText());
        assertTrue(run.reply().content().path("evalue").asText().contains("no-such-file.jsh"));
    }

    @Test
    void cellTimePrintsCpuAndWallTimeAndKeepsTheValue() {
        KernelProtocolTest.Run run = run("%%time\nThread.sleep(20);\n\"done\"");
        assertTrue(run.stdout().contains("CPU times: user"), run.stdout());
        assertTrue(run.stdout().contains("Wall time:"), run.stdout());
        assertEquals("\"done\"", run.plainResult());
    }

    @Test
    void cellTimeReportsErrorsAtTheCellsOwnLines() {
        KernelProtocolTest.Run run = run("%%time\nint a = 1;\nint b = \"x\";");
        assertTrue(run.reply().content().path("traceback").toString().contains("line 3"), run.reply().content().toString());
    }

    @Test
    void timeitReportsMeanAndStdOverRuns() {
        String out = run("%timeit -n 100 -r 3 Math.sqrt(2.0)").stdout();
        assertTrue(out.matches("(?s).* ± .* per loop \\(mean ± std\\. dev\\. of 3 runs, 100 loops each\\)\\n"), out);
        String auto = run("%timeit Integer.toString(42)").stdout();
        assertTrue(auto.contains("of 7 runs"), auto);
    }

    @Test
    void lsmagicListsEveryMagic() {
        String out = run("%lsmagic").stdout();
        for (String magic : List.of("%%time", "%timeit", "%maven", "%jars", "%classpath", "%load", "%help")) {
            assertTrue(out.contains(magic), magic + " in " + out);
        }
        assertTrue(out.contains("%load FILE   put the code of FILE into this cell"), out);
    }

    @Test
    void questionMarkOpensTheJavadocInThePager() {
        KernelProtocolTest.Run run = run("?Math.abs");
        assertEquals("page", run.reply().content().path("payload").get(0).path("source").asText());
        assertTrue(run.reply().content().path("payload").get(0).path("data").path("text/plain").asText().contains("abs("));
        assertEquals("page", run("%help String.format").reply().content().path("payload").get(0).path("source").asText());
        String tensorDoc = run("?Tensor.matmul").reply().content().path("payload").get(0).path("data").path("text/plain").asText();
        assertTrue(tensorDoc.contains("Tensor.matmul(Tensor"), tensorDoc);
    }

    @Test
    void questionMarkShowsTheLibrarysJavadocForMethodsAndClasses() throws IOException {
        String matmul = LibrarySource.words(page("?Tensor.matmul"));
        assertTrue(matmul.contains(LibrarySource.firstJavadocLineAsText("Tensor", "public Tensor matmul(Tensor other)")), matmul);
        String tensor = LibrarySource.words(page("Tensor?"));
        assertTrue(tensor.contains(LibrarySource.firstJavadocLineAsText("Tensor", "public class Tensor")), tensor);
        String linear = LibrarySource.words(page("%help Linear"));
        assertTrue(linear.contains(LibrarySource.firstJavadocLineAsText("nn/Linear", "public class Linear")), linear);
        // "Like {@link #view} but copies ...": a link reads as the name it links to
        String reshape = LibrarySource.words(page("?Tensor.reshape"));
        assertTrue(reshape.contains(LibrarySource.firstJavadocLineAsText("Tensor", "public Tensor reshape(int... newShape)")), reshape);
        assertTrue(reshape.contains("Like view but"), reshape);
    }

    @Test
    void questionMarkOnAMagicShowsItsUsage() {
        assertTrue(page("?%load").startsWith("%load FILE"), page("?%load"));
        assertTrue(page("%%time?").startsWith("%%time"));
    }

    private static String page(String code) {
        KernelProtocolTest.Run run = run(code);
        JsonNode payload = run.reply().content().path("payload");
        assertEquals("page", payload.path(0).path("source").asText(), code + ": " + run.reply().content());
        return payload.get(0).path("data").path("text/plain").asText();
    }

    @Test
    void unknownMagicIsAUsageError() {
        KernelProtocolTest.Run run = run("%nosuchmagic");
        assertEquals("UsageError", run.reply().content().path("ename").asText());
    }

    private static void publish(Path repository, String artifact, String source, String className, String dependencies)
            throws IOException {
        Path dir = repository.resolve("demo").resolve(artifact).resolve("1.0");
        jar(dir.resolve(artifact + "-1.0.jar"), source, className);
        Files.writeString(dir.resolve(artifact + "-1.0.pom"), """
                <project><modelVersion>4.0.0</modelVersion><groupId>demo</groupId><artifactId>%s</artifactId>
                <version>1.0</version>%s</project>
                """.formatted(artifact, dependencies));
    }

    private static void jar(Path jar, String source, String className) throws IOException {
        Path src = Files.createTempDirectory("src");
        Path file = src.resolve(className.substring(className.lastIndexOf('/') + 1) + ".java");
        Files.writeString(file, source);
        Path classes = Files.createTempDirectory("classes");
        String classPath = work.resolve("repository").toString();
        for (Path dependency : Files.exists(work.resolve("repository"))
                ? Files.walk(work.resolve("repository")).filter(p -> p.toString().endsWith(".jar")).toList()
                : List.<Path>of()) {
            classPath += java.io.File.pathSeparator + dependency;
        }
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-d", classes.toString(), "-cp", classPath, file.toString());
        assertEquals(0, status, "test jar compiles");
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            jarOut.putNextEntry(new JarEntry(className + ".class"));
            jarOut.write(Files.readAllBytes(classes.resolve(className + ".class")));
            jarOut.closeEntry();
        }
    }
}
