package dev.jtorch.kernel.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtorch.kernel.KernelClient;
import dev.jtorch.kernel.RunningKernel;
import dev.jtorch.kernel.wire.Header;
import dev.jtorch.kernel.wire.Message;
import dev.jtorch.kernel.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzes the wire: random and truncated frame lists, no delimiter, invalid JSON, JSON of the
 * wrong shape, unknown types, 20 MB messages, odd protocol versions, bad, missing and replayed
 * signatures, sent to shell and control. Every message that could run code would write a file;
 * after each batch the file must not exist, and the kernel must answer kernel_info and run a
 * cell that reads a variable defined before the batch.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WireFuzzIT {

    @RegisterExtension
    static final RunningKernel kernel = RunningKernel.fromJar();
    private static Path canary;
    private static int cases;
    private final Random random = new Random(8);

    @BeforeAll
    static void defineKept() {
        canary = kernel.process().dir.resolve("pwned.txt");
        KernelClient.Cell cell = client().run("int kept = 7;", 30_000);
        assertTrue(cell.ok(), cell.describe());
    }

    @AfterAll
    static void reportCases() {
        System.out.println("wire cases fuzzed: " + cases);
    }

    @AfterEach
    void kernelSurvivedTheBatch() {
        assertTrue(kernel.process().isAlive(), "the kernel process died");
        assertTrue(client().answersKernelInfo(15_000), "kernel_info unanswered after the batch");
        KernelClient.Cell cell = client().run("kept * 6", 20_000);
        assertEquals("42", cell.result(), cell.describe());
        assertFalse(Files.exists(canary), "a message that should have been refused ran code");
    }

    private static KernelClient client() {
        return kernel.client();
    }

    private String writeCanary() {
        return "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + canary + "\"), \"pwned\");";
    }

    private int channel() {
        return cases % 2 == 0 ? KernelClient.SHELL : KernelClient.CONTROL;
    }

    private void sendRaw(List<byte[]> frames) {
        cases++;
        client().sendFrames(channel(), frames);
    }

    /** Signed parts of a message: header, parent, metadata, content, as raw bytes. */
    private List<byte[]> signed(byte[] header, byte[] content) {
        return client().signedFrames(header, "{}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8),
                content);
    }

    private byte[] header(String type) {
        return KernelClient.bytes(client().header(type, "5.3").toJson());
    }

    private byte[] executeCanary() {
        return KernelClient.bytes(KernelClient.executeContent(writeCanary()));
    }

    private byte[] randomBytes(int max) {
        byte[] bytes = new byte[random.nextInt(max + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    void randomFrameLists() {
        for (int i = 0; i < 400; i++) {
            int count = 1 + random.nextInt(10);
            List<byte[]> frames = new ArrayList<>();
            for (int f = 0; f < count; f++) {
                frames.add(random.nextInt(6) == 0 ? WireFormat.DELIMITER : randomBytes(80));
            }
            sendRaw(frames);
        }
    }

    @Test
    void truncatedAndDelimiterlessMessages() {
        List<byte[]> whole = signed(header("execute_request"), executeCanary());
        for (int keep = 0; keep < whole.size(); keep++) {
            List<byte[]> truncated = new ArrayList<>(whole.subList(0, Math.max(1, keep)));
            sendRaw(truncated);
        }
        sendRaw(new ArrayList<>(whole.subList(1, whole.size())));
        List<byte[]> misspelt = new ArrayList<>(whole);
        misspelt.set(0, "<IDS|MSG".getBytes(StandardCharsets.US_ASCII));
        sendRaw(misspelt);
        for (int cut = 1; cut < 40; cut += 7) {
            byte[] content = executeCanary();
            byte[] shortContent = java.util.Arrays.copyOf(content, content.length - cut);
            sendRaw(signed(header("execute_request"), shortContent));
        }
    }

    @Test
    void invalidJsonCorrectlySigned() {
        String deep = "[".repeat(200_000);
        String deepObject = "{\"a\":".repeat(100_000);
        for (String bad : new String[] {"{", "", "null", "nul", "{\"code\": ", "{'code': 1}", "NaN", "\u0000\u0001",
                "{\"code\": \"x\"}}}", deep, deepObject, "{\"code\": \"\\ud800\"}", "[1, 2,]"}) {
            byte[] badBytes = bad.getBytes(StandardCharsets.UTF_8);
            sendRaw(signed(badBytes, executeCanary()));
            sendRaw(signed(header("execute_request"), badBytes));
            sendRaw(client().signedFrames(header("kernel_info_request"), badBytes, "{}".getBytes(StandardCharsets.UTF_8),
                    "{}".getBytes(StandardCharsets.UTF_8)));
            sendRaw(client().signedFrames(header("kernel_info_request"), "{}".getBytes(StandardCharsets.UTF_8), badBytes,
                    "{}".getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 50; i++) {
            sendRaw(signed(randomBytes(200), randomBytes(200)));
        }
    }

    @Test
    void jsonOfTheWrongShape() {
        // A long history entry for the glob pattern below to chew on.
        assertTrue(client().run("String letters = \"" + "a".repeat(300) + "\";", 20_000).ok());
        ObjectMapperShapes shapes = new ObjectMapperShapes();
        for (String header : new String[] {"[]", "\"execute_request\"", "42", "{}", "{\"msg_type\": 5}",
                "{\"msg_type\": {\"a\": 1}}", "{\"msg_type\": [\"execute_request\"]}", "{\"msg_type\": \"\"}",
                "{\"msg_type\": null}", "{\"msg_type\": \"execute_request\", \"msg_id\": {\"x\": []}}"}) {
            sendRaw(signed(header.getBytes(StandardCharsets.UTF_8), executeCanary()));
        }
        String[] types = {"execute_request", "complete_request", "inspect_request", "is_complete_request",
                "history_request", "comm_info_request", "kernel_info_request", "interrupt_request"};
        for (String type : types) {
            for (String content : shapes.contents()) {
                sendRaw(signed(header(type), content.getBytes(StandardCharsets.UTF_8)));
            }
        }
        // Replies to these must still come: the kernel answers what it can parse.
        Message request = client().send(KernelClient.SHELL, "complete_request", KernelClient.json()
                .put("code", "kep").put("cursor_pos", 1_000_000));
        // Behind it wait the batch's cells, ~70 of them compiled one by one: allow for a loaded machine.
        assertNotNull(client().reply(KernelClient.SHELL, request, 40_000), "complete_request with a cursor past the end");
        cases++;
    }

    /** Field values of the wrong type or out of range for each request's content. */
    private static final class ObjectMapperShapes {
        List<String> contents() {
            List<String> contents = new ArrayList<>(List.of("[]", "\"code\"", "7", "true", "{}"));
            for (String value : new String[] {"null", "5", "-1", "1e300", "{\"a\": 1}", "[1, 2]", "true", "\"x\"",
                    "2147483648", "-2147483649"}) {
                for (String field : new String[] {"code", "silent", "store_history", "cursor_pos", "detail_level",
                        "n", "start", "stop", "hist_access_type", "pattern", "unique", "allow_stdin", "user_expressions"}) {
                    contents.add("{\"" + field + "\": " + value + "}");
                }
            }
            contents.add("{\"code\": \"kept\", \"cursor_pos\": -5}");
            contents.add("{\"code\": \"\uD83D\uDE00\uD83D\uDE00\", \"cursor_pos\": 1}");
            contents.add("{\"hist_access_type\": \"range\", \"start\": 10, \"stop\": 2}");
            contents.add("{\"hist_access_type\": \"tail\", \"n\": -1}");
            contents.add("{\"hist_access_type\": \"tail\", \"n\": 2000000000}");
            contents.add("{\"hist_access_type\": \"search\", \"pattern\": \"" + "*a".repeat(25) + "b\", \"n\": 5}");
            contents.add("{\"code\": \"" + "{".repeat(5000) + "\"}");
            return contents;
        }
    }

    @Test
    void unknownMessageTypes() {
        for (String type : new String[] {"foo_request", "execute_reply", "status", "stream", "input_reply",
                "comm_open", "comm_msg", "comm_close", "debug_request", "usage_request", "EXECUTE_REQUEST",
                "execute_request ", "execute_request\u0000", "../../execute_request", "x".repeat(10_000)}) {
            sendRaw(signed(header(type), executeCanary()));
        }
        for (int i = 0; i < 100; i++) {
            sendRaw(signed(header(new String(randomBytes(30), StandardCharsets.ISO_8859_1)), executeCanary()));
        }
    }

    @Test
    void twentyMegabyteMessages() {
        int twentyMb = 20 << 20;
        byte[] huge = new byte[twentyMb];
        random.nextBytes(huge);
        sendRaw(signed(header("kernel_info_request"), huge));
        List<byte[]> withBuffer = signed(header("kernel_info_request"), "{}".getBytes(StandardCharsets.UTF_8));
        withBuffer.add(huge);
        sendRaw(withBuffer);
        ObjectNode metadata = KernelClient.json().put("blob", "m".repeat(twentyMb));
        String id = sendWithMetadata("kernel_info_request", metadata, KernelClient.json());
        assertNotNull(client().reply(KernelClient.SHELL, id, 30_000), "kernel_info with 20 MB of metadata unanswered");
        ObjectNode bigCode = KernelClient.executeContent("kept * 6 // " + "c".repeat(twentyMb));
        String bigId = sendWithMetadata("execute_request", KernelClient.json(), bigCode);
        Message reply = client().reply(KernelClient.SHELL, bigId, 45_000);
        assertNotNull(reply, "a 20 MB cell got no execute_reply");
        cases++;
    }

    private String sendWithMetadata(String type, JsonNode metadata, JsonNode content) {
        Header header = client().header(type, "5.3");
        cases++;
        client().sendFrames(KernelClient.SHELL, client().signedFrames(KernelClient.bytes(header.toJson()),
                "{}".getBytes(StandardCharsets.UTF_8), KernelClient.bytes(metadata), KernelClient.bytes(content)));
        return header.msgId();
    }

    @Test
    void anyProtocolVersionIsServed() {
        for (String version : new String[] {"1.0", "4.1", "5.0", "5.5", "6.0", "99.99", "", "five", "\u0000"}) {
            Header header = client().header("execute_request", version);
            String id = header.msgId();
            client().sendFrames(KernelClient.SHELL, client().signedFrames(KernelClient.bytes(header.toJson()),
                    "{}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8),
                    KernelClient.bytes(KernelClient.executeContent("kept * 6"))));
            cases++;
            KernelClient.Cell cell = client().collect(id, 20_000);
            assertEquals("42", cell.result(), "protocol version '" + version + "': " + cell.describe());
        }
        ObjectNode header = client().header("kernel_info_request", "5.3").toJson();
        header.remove("version");
        header.put("date", 12345);
        client().sendFrames(KernelClient.SHELL, signed(KernelClient.bytes(header), "{}".getBytes(StandardCharsets.UTF_8)));
        cases++;
        assertNotNull(client().reply(KernelClient.SHELL, header.get("msg_id").asText(), 15_000));
    }

    @Test
    void unsignedAndBadlySignedMessagesNeverRun() {
        byte[] content = executeCanary();
        byte[] header = header("execute_request");
        String good = client().sign(header, "{}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8), content);
        List<String> signatures = new ArrayList<>(List.of("", " ", "00", good.substring(0, 32), good + "00",
                good.substring(1) + "0", "g".repeat(64), "0".repeat(64), good.replace(good.charAt(5), good.charAt(5) == 'a' ? 'b' : 'a'),
                "sha256=" + good, good + " "));
        for (int i = 0; i < 40; i++) {
            signatures.add(java.util.HexFormat.of().formatHex(randomBytes(40)));
        }
        for (String signature : signatures) {
            sendRaw(new ArrayList<>(List.of(WireFormat.DELIMITER, signature.getBytes(StandardCharsets.US_ASCII), header,
                    "{}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8), content)));
        }
        // Signed with another key; and signed over other content.
        KernelClient stranger = new KernelClient(kernel.process(), "another key");
        try {
            stranger.sendFrames(KernelClient.SHELL, stranger.signedFrames(header("execute_request"),
                    "{}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8), content));
            cases++;
            KernelClient.sleep(300);
        } finally {
            stranger.close();
        }
        List<byte[]> swapped = signed(header("execute_request"), KernelClient.bytes(KernelClient.executeContent("1 + 1")));
        swapped.set(5, content);
        sendRaw(swapped);
    }

    @Test
    void replayedMessagesRunOnce() throws Exception {
        Path counter = kernel.process().dir.resolve("runs.txt");
        String code = "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + counter
                + "\"), \"run\\n\", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);";
        Header header = client().header("execute_request", "5.3");
        List<byte[]> frames = signed(KernelClient.bytes(header.toJson()), KernelClient.bytes(KernelClient.executeContent(code)));
        client().sendFrames(KernelClient.SHELL, frames);
        cases++;
        assertTrue(client().collect(header.msgId(), 20_000).ok());
        List<byte[]> upper = new ArrayList<>(frames);
        upper.set(1, new String(frames.get(1), StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        KernelClient other = new KernelClient(kernel.process());
        try {
            for (List<byte[]> replay : List.of(frames, upper, frames)) {
                client().sendFrames(KernelClient.SHELL, replay);
                other.sendFrames(KernelClient.SHELL, replay);
                client().sendFrames(KernelClient.CONTROL, replay);
                cases += 3;
            }
            KernelClient.sleep(1500);
        } finally {
            other.close();
        }
        assertEquals(1, Files.readAllLines(counter).size(), "a replayed message ran again");
    }
}
