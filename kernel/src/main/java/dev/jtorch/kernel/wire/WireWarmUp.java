package dev.jtorch.kernel.wire;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;

/**
 * Encodes, signs, checks and decodes the messages of typical cells, so that the JIT has compiled
 * JSON and HMAC code before the first cells need it, instead of while they run.
 *
 * <pre>{@code
 * Thread.ofPlatform().daemon().start(() -> WireWarmUp.run(100));   // 600 messages
 * }</pre>
 */
public final class WireWarmUp {

    private static final List<String> CELL_MESSAGES = List.of("status", "execute_input", "stream", "execute_result",
            "execute_reply");

    private WireWarmUp() {
    }

    /**
     * Goes through {@code cells} cells' worth of messages with a key of its own.
     *
     * @return how many messages came back from their frames as they were sent
     */
    public static int run(int cells) {
        String session = UUID.randomUUID().toString();
        WireFormat wire = new WireFormat(new HmacSigner(UUID.randomUUID().toString()), new ReplayGuard(8));
        JsonNodeFactory json = JsonNodeFactory.instance;
        int intact = 0;
        try {
            for (int cell = 0; cell < cells; cell++) {
                ObjectNode request = json.objectNode().put("code", "1 + " + cell).put("silent", false)
                        .put("store_history", true).put("allow_stdin", true).put("stop_on_error", true);
                request.putObject("user_expressions");
                Message received = wire.decode(wire.encode(Message.replyTo(null, "execute_request", request, session)));
                intact += received.content().equals(request) ? 1 : 0;
                for (String type : CELL_MESSAGES) {
                    ObjectNode content = json.objectNode().put("execution_count", cell).put("name", "stdout")
                            .put("text", "line " + cell + "\n");
                    content.putObject("data").put("text/plain", String.valueOf(cell));
                    Message sent = Message.replyTo(received, type, content, session);
                    Message back = wire.decode(wire.encode(sent));
                    intact += back.type().equals(type) && back.content().equals(content)
                            && back.parentHeader().msgId().equals(received.header().msgId()) ? 1 : 0;
                }
            }
        } catch (WireException e) {
            throw new IllegalStateException("the wire format cannot read its own messages", e);
        }
        return intact;
    }
}
