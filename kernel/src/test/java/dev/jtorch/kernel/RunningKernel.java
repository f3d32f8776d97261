package dev.jtorch.kernel;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One kernel and a ready client shared by the tests of a class: started before the first test,
 * ended after the last (the kernel first: it must not outlive a failed test).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RunningKernel kernel = RunningKernel.fromJar();
 *
 * @Test
 * void answers() {
 *     assertEquals("42", kernel.client().run("6 * 7", 30_000).result());
 * }
 * }</pre>
 */
public final class RunningKernel implements BeforeAllCallback, AfterAllCallback {

    /** Starts a kernel process. */
    @FunctionalInterface
    public interface Launcher {
        KernelProcess start() throws IOException;
    }

    private final Launcher launcher;
    private final long readyMillis;
    private KernelProcess process;
    private KernelClient client;

    private RunningKernel(Launcher launcher, long readyMillis) {
        this.launcher = launcher;
        this.readyMillis = readyMillis;
    }

    /** A kernel run from the test class path (see {@link KernelProcess#fromClassPath}). */
    public static RunningKernel fromClassPath(String... jvmOptions) {
        return new RunningKernel(() -> KernelProcess.fromClassPath(jvmOptions), 30_000);
    }

    /** A kernel run from the packaged jar with a 512 MB heap (see {@link KernelProcess#fromJar()}). */
    public static RunningKernel fromJar() {
        return new RunningKernel(KernelProcess::fromJar, 60_000);
    }

    public KernelProcess process() {
        return process;
    }

    public KernelClient client() {
        return client;
    }

    /** Starts the kernel and waits until its client gets answers. */
    public void start() throws IOException {
        process = launcher.start();
        client = new KernelClient(process);
        client.awaitReady(readyMillis);
    }

    /** Ends the kernel, then closes the client. */
    public void stop() {
        try {
            if (process != null) {
                process.close();
            }
        } finally {
            if (client != null) {
                client.close();
            }
            process = null;
            client = null;
        }
    }

    /** A fresh kernel in place of this one. */
    public void restart() throws IOException {
        stop();
        start();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }
}
