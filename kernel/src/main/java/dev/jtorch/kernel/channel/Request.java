package dev.jtorch.kernel.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtorch.kernel.wire.Message;

/**
 * A request being handled: the message, the channel it came on (where the reply goes) and
 * iopub (where its side effects are broadcast, with the request as parent).
 *
 * @param message the request
 * @param channel the shell or control channel that received it
 * @param iopub   the broadcast channel
 */
public record Request(Message message, RouterChannel channel, Iopub iopub) {

    /** The request's content. */
    public ObjectNode content() {
        return message.content();
    }

    /** Sends {@code content} as the reply of type {@code msgType} to the requester. */
    public void reply(String msgType, ObjectNode content) {
        channel.send(channel.session().message(message, msgType, content));
    }

    /** Broadcasts {@code content} as {@code msgType} on iopub with this request as parent. */
    public void publish(String msgType, ObjectNode content) {
        iopub.publish(message, msgType, content);
    }
}
