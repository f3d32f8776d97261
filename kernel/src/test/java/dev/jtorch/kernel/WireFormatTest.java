package dev.jtorch.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtorch.kernel.wire.HmacSigner;
import dev.jtorch.kernel.wire.Message;
import dev.jtorch.kernel.wire.ReplayGuard;
import dev.jtorch.kernel.wire.WireException;
import dev.jtorch.kernel.wire.WireFormat;
import dev.jtorch.kernel.wire.WireWarmUp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Framing, signing and replay refusal of the wire format. */
class WireFormatTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signatureIsHmacSha256HexOfTheFourFrames() {
        // Python's answer: hmac.new(b'key', b'abcd', hashlib.sha256).hexdigest(), as jupyter_client signs.
        assertEquals("2a31ec0ee8d878c9eece9fb0df79b3b90b2256240163aa5ee50d176d3d1121f8",
                new HmacSigner("key").sign(b("a"), b("b"), b("c"), b("d")));
        HmacSigner signer = new HmacSigner("key");
        String signature = signer.sign(b("a"), b("b"), b("c"), b("d"));
        assertTrue(signer.verify(signature, b("a"), b("b"), b("c"), b("d")));
        assertFalse(signer.verify(signature, b("a"), b("b"), b("c"), b("e")));
        assertFalse(signer.verify("not hex", b("a"), b("b"), b("c"), b("d")));
        assertEquals("", new HmacSigner("").sign(b("a")));
    }

    @Test
    void encodedMessagesDecodeBackWithIdentitiesAndBuffers() throws WireException {
        TestClientlessCodec codec = new TestClientlessCodec("k");
        Message sent = Message.replyTo(null, "kernel_info_request", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode().put("x", 1), "session").withIdentities(List.of(b("id1"), b("id2")));
        Message received = codec.receiver.decode(codec.sender.encode(sent));
        assertEquals("kernel_info_request", received.type());
        assertEquals(2, received.identities().size());
        assertEquals(1, received.content().path("x").asInt());
    }

    @Test
    void replayedSignatureIsRefusedTheSecondTime() throws WireException {
        TestClientlessCodec codec = new TestClientlessCodec("k");
        List<byte[]> frames = codec.sender.encode(Message.replyTo(null, "execute_request",
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), "s"));
        codec.receiver.decode(frames);
        WireException replay = assertThrows(WireException.class, () -> codec.receiver.decode(frames));
        assertTrue(replay.getMessage().contains("replayed"));
    }

    @Test
    void tamperedMissingOrMalformedMessagesAreRefused() {
        TestClientlessCodec codec = new TestClientlessCodec("k");
        List<byte[]> frames = new ArrayList<>(codec.sender.encode(Message.replyTo(null, "execute_request",
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("code", "1"), "s")));
        List<byte[]> tampered = new ArrayList<>(frames);
        tampered.set(tampered.size() - 1, b("{\"code\": \"2\"}"));
        assertTrue(assertThrows(WireException.class, () -> codec.receiver.decode(tampered)).getMessage().contains("bad signature"));
        List<byte[]> unsigned = new ArrayList<>(frames);
        unsigned.set(1, new byte[0]);
        assertTrue(assertThrows(WireException.class, () -> codec.receiver.decode(unsigned)).getMessage().contains("unsigned"));
        assertThrows(WireException.class, () -> codec.receiver.decode(List.of(b("<IDS|MSG>"), b("x"))));
    }

    @Test
    void replayGuardForgetsTheOldestBeyondItsCapacity() {
        ReplayGuard guard = new ReplayGuard(2);
        assertTrue(guard.firstSighting("a"));
        assertTrue(guard.firstSighting("b"));
        assertFalse(guard.firstSighting("a"));
        assertTrue(guard.firstSighting("c"));
        assertTrue(guard.firstSighting("a"), "a was the oldest and has been forgotten");
    }

    private static final class TestClientlessCodec {
        final WireFormat sender;
        final WireFormat receiver;

        TestClientlessCodec(String key) {
            sender = new WireFormat(new HmacSigner(key), new ReplayGuard(10));
            receiver = new WireFormat(new HmacSigner(key), new ReplayGuard(10));
        }
    }

    @Test
    void theWarmUpsMessagesAllComeBackAsTheyWereSent() {
        assertEquals(2 * 6, WireWarmUp.run(2));
    }
}
