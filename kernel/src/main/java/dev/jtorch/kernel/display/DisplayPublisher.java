package dev.jtorch.kernel.display;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtorch.kernel.channel.Iopub;
import dev.jtorch.kernel.io.OutputRouter;
import dev.jtorch.kernel.wire.Message;
import dev.jtorch.viz.DisplaySink;

/**
 * Sends rendered objects to the notebook: {@code display_data}, {@code update_display_data},
 * {@code clear_output} and the {@code execute_result} of a cell, with the running cell as
 * parent. It is also the library's {@link DisplaySink}, so library code shows and updates
 * charts under the cell. Pending text output is flushed first, so output keeps its order.
 */
public final class DisplayPublisher implements DisplaySink {

    private final Iopub iopub;
    private final OutputRouter output;
    private final Renderers renderers;
    private volatile Message parent;

    /** A publisher rendering with {@code renderers} onto {@code iopub}. */
    public DisplayPublisher(Iopub iopub, OutputRouter output, Renderers renderers) {
        this.iopub = iopub;
        this.output = output;
        this.renderers = renderers;
    }

    /** Displays from now on belong to {@code request}. */
    public void beginCell(Message request) {
        this.parent = request;
    }

    /** The renderers in use (cells may register their own). */
    public Renderers renderers() {
        return renderers;
    }

    @Override
    public void show(Object value, String id) {
        publish("display_data", renderers.render(value), id);
    }

    @Override
    public void update(String id, Object value) {
        if (id == null) {
            throw new IllegalArgumentException("updateDisplay needs the id given to display(value, id)");
        }
        publish("update_display_data", renderers.render(value), id);
    }

    /** Clears the cell's output, now or ({@code wait}) when the next output arrives. */
    public void clear(boolean wait) {
        output.flush();
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("wait", wait);
        iopub.publish(parent, "clear_output", content);
    }

    /** The content of an {@code execute_result} for {@code value}. */
    public ObjectNode executeResult(int executionCount, Object value) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("execution_count", executionCount);
        content.setAll(mimeContent(value));
        return content;
    }

    /** {@code value} rendered as {@code data} and {@code metadata}, as a user_expressions entry holds it. */
    public ObjectNode mimeContent(Object value) {
        MimeBundle bundle = renderers.render(value);
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.set("data", bundle.dataJson());
        content.set("metadata", bundle.metadataJson());
        return content;
    }

    private void publish(String msgType, MimeBundle bundle, String id) {
        output.flush();
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.set("data", bundle.dataJson());
        content.set("metadata", bundle.metadataJson());
        ObjectNode transientPart = content.putObject("transient");
        if (id != null) {
            transientPart.put("display_id", id);
        }
        iopub.publish(parent, msgType, content);
    }
}
