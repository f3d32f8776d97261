package dev.jtorch.kernel.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns frames into {@link Message}s and back:
 * {@code [identities..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers...]}.
 * Incoming messages must carry a valid signature that was not seen before (a replay).
 */
public final class WireFormat {

    /** The delimiter between routing identities and the message proper. */
    public static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    // Jackson refuses strings over 20 MB by default; a cell or its metadata may be larger, and a
    // refused message gets no reply at all, so the frontend would wait forever. Nesting stays limited.
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build());
    private final HmacSigner signer;
    private final ReplayGuard replays;

    /** A format signing with {@code signer} and refusing signatures {@code replays} has seen. */
    public WireFormat(HmacSigner signer, ReplayGuard replays) {
        this.signer = signer;
        this.replays = replays;
    }

    /** Encodes {@code message} as frames, signed. */
    public List<byte[]> encode(Message message) {
        byte[] header = bytes(message.header().toJson());
        byte[] parent = bytes(message.parentHeader() == null ? JSON.createObjectNode() : message.parentHeader().toJson());
        byte[] metadata = bytes(message.metadata());
        byte[] content = bytes(message.content());
        List<byte[]> frames = new ArrayList<>(message.identities().size() + 6 + message.buffers().size());
        frames.addAll(message.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        frames.addAll(message.buffers());
        return frames;
    }

    /**
     * Decodes and authenticates frames.
     *
     * @throws WireException if the frames are malformed, the signature is wrong or missing,
     *                       or the signature was seen before
     */
    public Message decode(List<byte[]> frames) throws WireException {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0 || frames.size() < delimiter + 6) {
            throw new WireException("malformed message: " + frames.size() + " frames, no <IDS|MSG> followed by 5 frames");
        }
        String signature = new String(frames.get(delimiter + 1), StandardCharsets.US_ASCII);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (signer.enabled()) {
            if (signature.isEmpty()) {
                throw new WireException("unsigned message dropped");
            }
            if (!signer.verify(signature, header, parent, metadata, content)) {
                throw new WireException("message with a bad signature dropped");
            }
            // Hex parsing accepts either case: the same signature in capitals is the same replay.
            if (!replays.firstSighting(signature.toLowerCase(Locale.ROOT))) {
                throw new WireException("replayed message dropped (signature seen before)");
            }
        }
        Header parsedHeader = Header.fromJson(object(header, "header"));
        if (parsedHeader == null || parsedHeader.msgType().isEmpty()) {
            throw new WireException("message without msg_type dropped");
        }
        return new Message(List.copyOf(frames.subList(0, delimiter)), parsedHeader,
                Header.fromJson(object(parent, "parent_header")), object(metadata, "metadata"),
                object(content, "content"), List.copyOf(frames.subList(delimiter + 6, frames.size())));
    }

    private static ObjectNode object(byte[] frame, String what) throws WireException {
        try {
            JsonNode node = JSON.readTree(frame);
            if (node == null || node.isNull() || node.isMissingNode()) {
                return JSON.createObjectNode();
            }
            if (!node.isObject()) {
                throw new WireException(what + " is not a JSON object");
            }
            return (ObjectNode) node;
        } catch (java.io.IOException e) {
            throw new WireException(what + " is not valid JSON: " + e.getMessage());
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON tree could not be written", e);
        }
    }
}
