package dev.jtorch.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtorch.kernel.wire.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shutdown (and restart) requests end the kernel process promptly after the reply. */
@Timeout(120)
class ShutdownTest {

    @Test
    void shutdownOnControlRepliesThenTheProcessExitsWithinASecond() throws Exception {
        assertShutdown(KernelClient.CONTROL, false);
    }

    @Test
    void restartRequestOnShellIsAnsweredWithRestartAndTheProcessExits() throws Exception {
        assertShutdown(KernelClient.SHELL, true);
    }

    @Test
    void shutdownDuringARunningCellStillEndsTheProcess() throws Exception {
        try (KernelProcess kernel = KernelProcess.fromClassPath(); KernelClient client = new KernelClient(kernel)) {
            client.awaitReady();
            client.execute("while (true) { }");
            Thread.sleep(300);
            ObjectNode content = KernelClient.json();
            content.put("restart", false);
            Message request = client.send(KernelClient.CONTROL, "shutdown_request", content);
            assertNotNull(client.reply(KernelClient.CONTROL, request, 10_000));
            assertTrue(kernel.waitForExit(2_000), "process gone");
        }
    }

    @Test
    void shutdownWhileACellWaitsForInputClosesEverythingWithoutAComplaint() throws Exception {
        try (KernelProcess kernel = KernelProcess.fromClassPath(); KernelClient client = new KernelClient(kernel)) {
            client.awaitReady();
            Message first = client.execute("int before = 1;");
            client.iopubUntilIdle(first, 30_000);
            client.execute("new java.util.Scanner(System.in).nextLine()", true);
            assertNotNull(client.next(KernelClient.STDIN, 30_000), "input_request");
            Message request = client.send(KernelClient.CONTROL, "shutdown_request", KernelClient.json().put("restart", false));
            assertNotNull(client.reply(KernelClient.CONTROL, request, 10_000), "shutdown_reply");
            assertTrue(kernel.waitForExit(1_000), "process gone within 1 s of the reply");
            assertEquals(0, kernel.process.exitValue());
            assertCleanLog(kernel);
        }
    }

    // The kernel logs only what went wrong: a clean close of JShell, the stdin bridge and ZeroMQ logs nothing.
    private static void assertCleanLog(KernelProcess kernel) throws Exception {
        String log = kernel.logText();
        assertFalse(log.contains("[JTorch kernel]") || log.contains("Exception"), log);
    }

    private static void assertShutdown(int channel, boolean restart) throws Exception {
        try (KernelProcess kernel = KernelProcess.fromClassPath(); KernelClient client = new KernelClient(kernel)) {
            client.awaitReady();
            ObjectNode content = KernelClient.json();
            content.put("restart", restart);
            Message request = client.send(channel, "shutdown_request", content);
            Message reply = client.reply(channel, request, 10_000);
            long replied = System.nanoTime();
            assertNotNull(reply, "shutdown_reply");
            assertEquals("shutdown_reply", reply.type());
            assertEquals(restart, reply.content().path("restart").asBoolean());
            assertTrue(kernel.waitForExit(1_000), "process gone within 1 s of the reply");
            assertTrue(System.nanoTime() - replied < 1_000_000_000L);
            assertEquals(0, kernel.process.exitValue());
            assertCleanLog(kernel);
        }
    }
}
