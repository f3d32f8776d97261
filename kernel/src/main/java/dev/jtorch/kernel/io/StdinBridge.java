package dev.jtorch.kernel.io;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtorch.kernel.channel.RouterChannel;
import dev.jtorch.kernel.wire.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code System.in} for cell code: when a cell reads and nothing is buffered, the kernel sends
 * an {@code input_request} to the frontend on the stdin channel and waits for its
 * {@code input_reply}; the line typed becomes the input. One thread owns the stdin socket.
 */
public final class StdinBridge extends InputStream {

    private static final int CLOSE_MILLIS = 200;

    private final RouterChannel stdin;
    private final OutputRouter output;
    private final ExecutorService socketThread = Executors.newSingleThreadExecutor(runnable ->
            Thread.ofPlatform().daemon().name("jtorch-stdin").unstarted(runnable));
    private volatile Message request;
    private volatile boolean allowed;
    // Set to abandon a pending question; the socket thread is never interrupted (ZeroMQ sockets do not survive it).
    private volatile boolean cancelled;
    private byte[] buffer = new byte[0];
    private int position;

    /** A bridge asking on {@code stdin}; {@code output} is flushed first so a prompt shows. */
    public StdinBridge(RouterChannel stdin, OutputRouter output) {
        this.stdin = stdin;
        this.output = output;
    }

    /** Reads from now on ask the sender of {@code executeRequest}, if it allows stdin. */
    public synchronized void beginCell(Message executeRequest, boolean allowStdin) {
        this.request = executeRequest;
        this.allowed = allowStdin;
        buffer = new byte[0];
        position = 0;
    }

    @Override
    public synchronized int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int count = Math.min(length, buffer.length - position);
        System.arraycopy(buffer, position, target, offset, count);
        position += count;
        return count;
    }

    @Override
    public synchronized int available() {
        return buffer.length - position;
    }

    private boolean fill() throws IOException {
        if (position < buffer.length) {
            return true;
        }
        if (!allowed || request == null) {
            throw new IOException("this frontend does not accept input (allow_stdin is false), so System.in has nothing to read");
        }
        output.flush();
        cancelled = false;
        Future<String> line = socketThread.submit(() -> ask(request));
        try {
            String value = line.get();
            if (value == null) {
                return false;
            }
            buffer = (value + "\n").getBytes(StandardCharsets.UTF_8);
            position = 0;
            return true;
        } catch (InterruptedException e) {
            cancelled = true;
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("input was interrupted");
        } catch (ExecutionException e) {
            throw new IOException("input failed: " + e.getCause(), e.getCause());
        }
    }

    private String ask(Message parent) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("prompt", "");
        content.put("password", false);
        stdin.send(stdin.session().message(parent, "input_request", content));
        while (!cancelled) {
            Message reply = stdin.receive(100);
            if (reply != null && reply.type().equals("input_reply")) {
                return reply.content().path("value").asText("");
            }
        }
        return null;
    }

    /** Abandons a pending question, closes the stdin socket on its own thread and stops that thread. */
    @Override
    public void close() {
        cancelled = true;
        socketThread.submit(stdin::close);
        socketThread.shutdown();
        try {
            socketThread.awaitTermination(CLOSE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
