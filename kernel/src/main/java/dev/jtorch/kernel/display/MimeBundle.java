package dev.jtorch.kernel.display;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a frontend may show for one object: representations by MIME type (text/plain,
 * text/html, image/png as base64, ...), the richest of which the frontend picks.
 *
 * <pre>{@code
 * MimeBundle.text("42").with("text/html", "<b>42</b>");
 * }</pre>
 *
 * @param data     representations by MIME type
 * @param metadata per-type metadata (image sizes, for instance)
 */
public record MimeBundle(Map<String, String> data, Map<String, Map<String, Object>> metadata) {

    /** A bundle holding only {@code text/plain}. */
    public static MimeBundle text(String text) {
        return new MimeBundle(Map.of("text/plain", text), Map.of());
    }

    /** A PNG image with a short text stand-in for frontends that show no images. */
    public static MimeBundle png(byte[] png, String alt) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("image/png", Base64.getEncoder().encodeToString(png));
        data.put("text/plain", alt);
        return new MimeBundle(data, Map.of());
    }

    /** This bundle plus the representation {@code content} of type {@code mimeType}. */
    public MimeBundle with(String mimeType, String content) {
        Map<String, String> more = new LinkedHashMap<>(data);
        more.put(mimeType, content);
        return new MimeBundle(more, metadata);
    }

    /** The {@code data} object of a display message. */
    public ObjectNode dataJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        data.forEach(node::put);
        return node;
    }

    /** The {@code metadata} object of a display message. */
    public ObjectNode metadataJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        metadata.forEach((type, values) -> node.set(type, JsonNodeFactory.instance.pojoNode(values)));
        return node;
    }
}
