package dev.jtorch.kernel.wire;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One Jupyter message, decoded: the routing identities, the header, the parent's header
 * (null when there is none), metadata, content and binary buffers.
 *
 * <pre>{@code
 * Message reply = Message.replyTo(request, "kernel_info_reply", content, session);
 * }</pre>
 */
public record Message(List<byte[]> identities, Header header, Header parentHeader, ObjectNode metadata,
                      ObjectNode content, List<byte[]> buffers) {

    /** The message type from the header, e.g. {@code execute_request}. */
    public String type() {
        return header.msgType();
    }

    /** A message answering or caused by {@code parent}, routed back to the parent's sender. */
    public static Message replyTo(Message parent, String msgType, ObjectNode content, String session) {
        List<byte[]> identities = parent == null ? List.of() : parent.identities();
        Header parentHeader = parent == null ? null : parent.header();
        return new Message(identities, Header.create(msgType, session), parentHeader,
                JsonNodeFactory.instance.objectNode(), content, List.of());
    }

    /** A copy with other routing identities (iopub topics, for instance). */
    public Message withIdentities(List<byte[]> newIdentities) {
        return new Message(newIdentities, header, parentHeader, metadata, content, buffers);
    }
}
