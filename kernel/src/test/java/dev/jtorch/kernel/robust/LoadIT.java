package dev.jtorch.kernel.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client sending execute and complete requests as fast as the kernel takes them (a window
 * of requests in flight): every request gets its reply, in the order sent, and the kernel's
 * heap after the run is about what it was before.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadIT {

    static final int REQUESTS = Integer.getInteger("robust.load.requests", 10_000);
    private static final int IN_FLIGHT = 256;
    private static final int WARM_UP = 200;

    private static KernelProcess kernel;
    private static WireClient client;
    private static int ranCode;

    @BeforeAll
    static void startKernel() throws Exception {
        kernel = KernelProcess.start();
        client = kernel.client();
        client.awaitReady(60_000);
    }

    @AfterAll
    static void stopKernel() {
        KernelProcess.stop(kernel, client);
    }

    private static long heapMegabytes() {
        WireClient.Cell cell = client.execute("""
                for (int i = 0; i < 3; i++) System.gc();
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20
                """, 30_000);
        assertTrue(cell.ok(), cell.describe());
        return Long.parseLong(cell.result());
    }

    /** Sends {@code count} requests pipelined and checks every reply. */
    private static void pipeline(int count) {
        ArrayDeque<String> awaited = new ArrayDeque<>();
        int sent = 0;
        int received = 0;
        int lastCount = -1;
        long deadline = System.currentTimeMillis() + 100_000;
        while (received < count) {
            while (sent < count && awaited.size() < IN_FLIGHT) {
                // JShell compiles a cell in tens of milliseconds: one request in 50 compiles and runs code,
                // one completes, the rest are empty cells that still go the whole way through the kernel.
                boolean execute = sent % 50 != 25;
                String code = sent % 50 == 0 ? "counter++;" : "";
                ranCode += code.isEmpty() ? 0 : 1;
                String id = execute
                        ? client.send(client.shell, "execute_request", WireClient.executeContent(code))
                        : client.send(client.shell, "complete_request",
                                WireClient.JSON.createObjectNode().put("code", "coun").put("cursor_pos", 4));
                awaited.add((execute ? "e" : "c") + id);
                sent++;
            }
            WireClient.Received reply = client.receive(client.shell, 1000);
            if (reply == null) {
                assertTrue(System.currentTimeMillis() < deadline && kernel.process.isAlive(),
                        "replies stopped after " + received + " of " + count);
                continue;
            }
            String expected = awaited.poll();
            assertEquals(expected.substring(1), reply.parentId(), "reply " + received + " out of order");
            assertTrue(reply.signatureValid(), "reply " + received + " badly signed");
            if (expected.startsWith("e")) {
                assertEquals("ok", reply.content().path("status").asText(), reply.content().toString());
                int executionCount = reply.content().path("execution_count").asInt();
                assertTrue(executionCount > lastCount, "execution counts go up");
                lastCount = executionCount;
            } else {
                assertTrue(reply.content().path("matches").toString().contains("counter"), reply.content().toString());
            }
            received++;
            if (received % 1000 == 0) {
                client.drainIopub(1);
            }
        }
    }

    @Test
    void everyPipelinedRequestIsAnsweredInOrderWithFlatMemory() {
        assertTrue(client.execute("int counter = 0;", 30_000).ok());
        pipeline(WARM_UP);    // JIT, JShell caches
        long before = heapMegabytes();
        long start = System.nanoTime();
        pipeline(REQUESTS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long after = heapMegabytes();
        WireClient.Cell counter = client.execute("counter", 30_000);
        assertEquals(String.valueOf(ranCode), counter.result(), "every execute ran once");
        System.out.printf("requests under load: %d (%d compiled cells) in %.1f s, lost replies 0, heap %d MB before, %d MB after%n",
                REQUESTS, ranCode, seconds, before, after);
        assertTrue(after - before <= 24, "heap grew from " + before + " MB to " + after + " MB over " + REQUESTS
                + " requests");
    }
}
