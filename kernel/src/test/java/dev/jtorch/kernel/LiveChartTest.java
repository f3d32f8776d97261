package dev.jtorch.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtorch.kernel.wire.Message;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code TrainingHistory} logged to while a cell runs, as a frontend receives it: one chart
 * shown as a PNG, redrawn in place under the same display id a few times a second at most,
 * and redrawn a last time so that it ends showing every value logged.
 */
@Timeout(120)
class LiveChartTest {

    private static KernelProcess kernel;
    private static TestClient client;

    @BeforeAll
    static void startKernel() throws Exception {
        kernel = new KernelProcess();
        client = new TestClient(kernel);
        client.awaitReady();
    }

    @AfterAll
    static void stopKernel() throws Exception {
        client.close();
        kernel.close();
    }

    @Test
    void aChartLoggedToDuringACellIsRedrawnInPlaceAndEndsShowingEveryValue() {
        // Three seconds of "training", a value every 20 ms; no close(): the kernel's final redraw is tested.
        List<Message> training = run("""
                var history = new dev.jtorch.viz.TrainingHistory().title("live");
                for (int step = 0; step < 150; step++) {
                    history.log("loss", 1.0 / (step + 1));
                    Thread.sleep(20);
                }
                """);
        List<Message> shown = of(training, "display_data");
        assertEquals(1, shown.size(), "the chart is shown once: " + TestClient.types(training));
        String displayId = shown.getFirst().content().path("transient").path("display_id").asText();
        assertFalse(displayId.isEmpty(), "the chart is shown under a display id");
        assertTrue(png(shown.getFirst()).startsWith("iVBORw0KGgo"), "the chart is a PNG");

        List<Message> updates = of(training, "update_display_data");
        assertTrue(updates.size() >= 3, "redrawn in place while the cell runs: " + TestClient.types(training));
        String previous = png(shown.getFirst());
        for (Message update : updates) {
            assertEquals(displayId, update.content().path("transient").path("display_id").asText());
            assertNotEquals(previous, png(update), "each redraw draws new values");
            previous = png(update);
        }
        // At most a few redraws a second while logging (the final redraw follows at once):
        // the kernel stamps each message when it sends it.
        for (int i = 1; i < updates.size() - 1; i++) {
            Duration gap = Duration.between(sentAt(updates.get(i - 1)), sentAt(updates.get(i)));
            assertTrue(gap.toMillis() >= 200, "redraws " + gap.toMillis() + " ms apart");
        }

        // The last redraw is the chart of every value, as drawing it afresh shows.
        List<Message> afresh = run("history.plot()");
        String everyValue = of(afresh, "execute_result").getFirst().content().path("data").path("image/png").asText();
        assertEquals(everyValue, png(updates.getLast()), "the chart ends showing every value logged");
    }

    private static List<Message> run(String code) {
        Message request = client.execute(code);
        List<Message> iopub = client.iopubUntilIdle(request, 60_000);
        Message reply = client.reply(TestClient.SHELL, request, 10_000);
        assertNotNull(reply, "no execute_reply for " + code);
        assertEquals("ok", reply.content().path("status").asText(), reply.content().toString());
        return iopub;
    }

    private static List<Message> of(List<Message> messages, String type) {
        return messages.stream().filter(m -> m.type().equals(type)).toList();
    }

    private static String png(Message display) {
        return display.content().path("data").path("image/png").asText();
    }

    private static OffsetDateTime sentAt(Message message) {
        return OffsetDateTime.parse(message.header().date());
    }
}
