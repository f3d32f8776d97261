package dev.jtorch.kernel.channel;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtorch.kernel.KernelLog;
import dev.jtorch.kernel.wire.Message;
import java.util.Map;

/**
 * Routes each request to the handler registered for its {@code msg_type}, wrapped in
 * {@code status: busy} and {@code status: idle} on iopub. An unknown type or a failing handler
 * is logged (and a failing handler answered with an error reply); the channel's thread goes on.
 */
public final class Dispatcher {

    private final Map<String, RequestHandler> handlers;
    private final Iopub iopub;

    /** A dispatcher over a table of handlers by message type. */
    public Dispatcher(Map<String, RequestHandler> handlers, Iopub iopub) {
        this.handlers = Map.copyOf(handlers);
        this.iopub = iopub;
    }

    /** Handles {@code message} that arrived on {@code channel}. */
    public void dispatch(Message message, RouterChannel channel) {
        iopub.status(message, "busy");
        try {
            RequestHandler handler = handlers.get(message.type());
            if (handler == null) {
                KernelLog.warn(channel.name() + ": unknown message type " + message.type() + " ignored");
                return;
            }
            Request request = new Request(message, channel, iopub);
            try {
                handler.handle(request);
            } catch (Exception | Error e) {
                KernelLog.warn("handler of " + message.type() + " failed", e);
                request.reply(replyType(message.type()), errorContent(e));
            }
        } finally {
            iopub.status(message, "idle");
        }
    }

    private static String replyType(String requestType) {
        return requestType.endsWith("_request")
                ? requestType.substring(0, requestType.length() - "_request".length()) + "_reply"
                : requestType + "_reply";
    }

    private static ObjectNode errorContent(Throwable e) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("status", "error");
        content.put("ename", e.getClass().getSimpleName());
        content.put("evalue", String.valueOf(e.getMessage()));
        content.putArray("traceback").add(e.toString());
        return content;
    }
}
