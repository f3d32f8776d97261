package dev.jtorch.kernel.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtorch.kernel.KernelClient;
import dev.jtorch.kernel.RunningKernel;
import dev.jtorch.kernel.wire.Message;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    @RegisterExtension
    static final RunningKernel kernel = RunningKernel.fromJar();
    private static int ranCode;

    private static long heapMegabytes() {
        KernelClient.Cell cell = kernel.client().run("""
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
                Message request = execute
                        ? kernel.client().send(KernelClient.SHELL, "execute_request", KernelClient.executeContent(code))
                        : kernel.client().send(KernelClient.SHELL, "complete_request",
                                KernelClient.json().put("code", "coun").put("cursor_pos", 4));
                String id = request.header().msgId();
                awaited.add((execute ? "e" : "c") + id);
                sent++;
            }
            // The client refuses (fails on) a badly signed reply.
            Message reply = kernel.client().next(KernelClient.SHELL, 1000);
            if (reply == null) {
                assertTrue(System.currentTimeMillis() < deadline && kernel.process().isAlive(),
                        "replies stopped after " + received + " of " + count);
                continue;
            }
            String expected = awaited.poll();
            assertEquals(expected.substring(1), reply.parentHeader() == null ? null : reply.parentHeader().msgId(),
                    "reply " + received + " out of order");
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
                kernel.client().drainIopub(1);
            }
        }
    }

    @Test
    void everyPipelinedRequestIsAnsweredInOrderWithFlatMemory() {
        assertTrue(kernel.client().run("int counter = 0;", 30_000).ok());
        pipeline(WARM_UP);    // JIT, JShell caches
        long before = heapMegabytes();
        long start = System.nanoTime();
        pipeline(REQUESTS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long after = heapMegabytes();
        KernelClient.Cell counter = kernel.client().run("counter", 30_000);
        assertEquals(String.valueOf(ranCode), counter.result(), "every execute ran once");
        System.out.printf("requests under load: %d (%d compiled cells) in %.1f s, lost replies 0, heap %d MB before, %d MB after%n",
                REQUESTS, ranCode, seconds, before, after);
        assertTrue(after - before <= 24, "heap grew from " + before + " MB to " + after + " MB over " + REQUESTS
                + " requests");
    }
}
