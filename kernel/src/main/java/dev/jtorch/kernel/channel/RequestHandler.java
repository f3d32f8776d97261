package dev.jtorch.kernel.channel;

/** Handles one message type; sends its reply through the {@link Request}. */
@FunctionalInterface
public interface RequestHandler {

    /** Does the work of the request and replies. Exceptions are logged by the dispatcher. */
    void handle(Request request) throws Exception;
}
