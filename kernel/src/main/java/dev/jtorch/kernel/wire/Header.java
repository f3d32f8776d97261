package dev.jtorch.kernel.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A message header as the Jupyter messaging spec defines it.
 *
 * @param msgId    unique id of this message
 * @param session  id of the sending session
 * @param username user name of the sender
 * @param date     ISO 8601 time of sending
 * @param msgType  what the message is, e.g. {@code execute_request}
 * @param version  protocol version of the sender
 */
public record Header(String msgId, String session, String username, String date, String msgType, String version) {

    /** The protocol version this kernel implements. */
    public static final String PROTOCOL_VERSION = "5.5";

    /** A fresh header for a message this kernel sends. */
    public static Header create(String msgType, String session) {
        return new Header(UUID.randomUUID().toString(), session, "kernel", Instant.now().toString(), msgType,
                PROTOCOL_VERSION);
    }

    /** Reads a header; missing fields become empty strings. Null for an empty header ({@code {}}). */
    public static Header fromJson(JsonNode node) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            return null;
        }
        return new Header(text(node, "msg_id"), text(node, "session"), text(node, "username"), text(node, "date"),
                text(node, "msg_type"), text(node, "version"));
    }

    /** The header as JSON with the spec's field names. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("msg_id", msgId);
        node.put("session", session);
        node.put("username", username);
        node.put("date", date);
        node.put("msg_type", msgType);
        node.put("version", version);
        return node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }
}
