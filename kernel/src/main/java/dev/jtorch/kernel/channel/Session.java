package dev.jtorch.kernel.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtorch.kernel.wire.Message;
import dev.jtorch.kernel.wire.WireFormat;
import java.util.UUID;

/**
 * The kernel's side of a Jupyter session: its id (stamped on every message it sends) and the
 * wire format that signs and checks messages.
 *
 * @param id   the session id of this kernel process
 * @param wire the codec with the connection's key
 */
public record Session(String id, WireFormat wire) {

    /** A session with a fresh random id. */
    public static Session create(WireFormat wire) {
        return new Session(UUID.randomUUID().toString(), wire);
    }

    /** A new message of {@code msgType} whose parent is {@code parent} (may be null). */
    public Message message(Message parent, String msgType, ObjectNode content) {
        return Message.replyTo(parent, msgType, content, id);
    }
}
