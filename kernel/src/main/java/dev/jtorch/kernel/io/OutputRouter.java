package dev.jtorch.kernel.io;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtorch.kernel.channel.Iopub;
import dev.jtorch.kernel.wire.Message;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Captures {@code System.out} and {@code System.err} of cell code (and of threads it started)
 * and sends them as {@code stream} messages for the cell that runs, in order and batched:
 * text is sent when the other stream writes, when the batch is large, every
 * {@value #FLUSH_MILLIS} ms, and when the cell ends. Nothing is lost, and a training loop's
 * prints are watched live. The timed send waits for the print call under way on the stream
 * (it takes the print stream's lock, as each print call does), so it never splits a
 * {@code println}'s text from its line end.
 */
public final class OutputRouter {

    static final int FLUSH_MILLIS = 50;
    private static final int MAX_BATCH_BYTES = 1 << 16;

    private final Iopub iopub;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private String pendingStream;
    private volatile Message parent;
    private final ScheduledExecutorService flusher;
    private final Map<String, PrintStream> printStreams = new ConcurrentHashMap<>();

    /** A router publishing to {@code iopub}; it flushes on its own timer thread. */
    public OutputRouter(Iopub iopub) {
        this.iopub = iopub;
        this.flusher = Executors.newSingleThreadScheduledExecutor(runnable ->
                Thread.ofPlatform().daemon().name("jtorch-output-flush").unstarted(runnable));
        flusher.scheduleWithFixedDelay(this::flushBetweenPrints, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Replaces {@code System.out} and {@code System.err} with streams into this router. */
    public void install() {
        System.setOut(printStream("stdout"));
        System.setErr(printStream("stderr"));
    }

    /** A print stream whose text becomes {@code stream} messages named {@code name}. */
    public PrintStream printStream(String name) {
        PrintStream stream = new PrintStream(new StreamOutput(name), false, StandardCharsets.UTF_8) {
            // A cell's System.out.close() must not silence every later cell: closing only flushes.
            @Override
            public void close() {
                flush();
            }
        };
        printStreams.put(name, stream);
        return stream;
    }

    /** Output from now on belongs to {@code request} (an execute_request). */
    public void beginCell(Message request) {
        flush();
        this.parent = request;
    }

    /** Sends everything written so far. */
    public synchronized void flush() {
        if (pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        int complete = completeUtf8Length(bytes);
        pending.reset();
        pending.write(bytes, complete, bytes.length - complete);
        if (complete > 0) {
            ObjectNode content = JsonNodeFactory.instance.objectNode();
            content.put("name", pendingStream);
            content.put("text", new String(bytes, 0, complete, StandardCharsets.UTF_8));
            iopub.publish(parent, "stream", content);
        }
    }

    // The timer's send, between two print calls of the stream that has text waiting: each holds
    // its print stream's lock while it writes (text, then line end), and so does this, before this
    // router's lock, in the same order as they take the two.
    private void flushBetweenPrints() {
        String stream;
        synchronized (this) {
            stream = pendingStream;
        }
        PrintStream printing = stream == null ? null : printStreams.get(stream);
        if (printing == null) {
            flush();
            return;
        }
        synchronized (printing) {
            flush();
        }
    }

    private synchronized void write(String stream, byte[] bytes, int offset, int length) {
        if (pendingStream != null && !pendingStream.equals(stream) && pending.size() > 0) {
            flushAll();
        }
        pendingStream = stream;
        pending.write(bytes, offset, length);
        if (pending.size() >= MAX_BATCH_BYTES) {
            flush();
        }
    }

    // Switching streams: a half-written character of the old stream cannot wait any longer.
    private void flushAll() {
        flush();
        if (pending.size() > 0) {
            ObjectNode content = JsonNodeFactory.instance.objectNode();
            content.put("name", pendingStream);
            content.put("text", pending.toString(StandardCharsets.UTF_8));
            pending.reset();
            iopub.publish(parent, "stream", content);
        }
    }

    // The length of the prefix of bytes that ends on a whole UTF-8 character.
    static int completeUtf8Length(byte[] bytes) {
        int end = bytes.length;
        int i = end - 1;
        int continuation = 0;
        while (i >= 0 && (bytes[i] & 0xC0) == 0x80 && continuation < 3) {
            i--;
            continuation++;
        }
        if (i < 0) {
            return end;
        }
        int lead = bytes[i] & 0xFF;
        int expected = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
        return expected > continuation ? i : end;
    }

    /** Stops the timer after a last flush. */
    public void close() {
        flusher.shutdownNow();
        flush();
    }

    private final class StreamOutput extends OutputStream {

        private final String name;

        StreamOutput(String name) {
            this.name = name;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            OutputRouter.this.write(name, bytes, offset, length);
        }
    }
}
