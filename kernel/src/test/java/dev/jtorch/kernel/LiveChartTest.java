package dev.jtorch.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtorch.kernel.wire.Message;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code TrainingHistory} logged to while a cell runs, as a frontend receives it: one chart
 * shown as a PNG, redrawn in place under the same display id a few times a second at most,
 * and redrawn a last time so that it ends showing every value logged.
 */
@Timeout(120)
class LiveChartTest {

    @RegisterExtension
    static final RunningKernel kernel = RunningKernel.fromClassPath();

    @Test
    void aChartLoggedToDuringACellIsRedrawnInPlaceAndEndsShowingEveryValue() {
        // Three seconds of "training", a value every 20 ms; no close(): the kernel's final redraw is tested.
        KernelProtocolTest.Run training = run("""
                var history = new dev.jtorch.viz.TrainingHistory().title("live");
                for (int step = 0; step < 150; step++) {
                    history.log("loss", 1.0 / (step + 1));
                    Thread.sleep(20);
                }
                """);
        List<Message> shown = training.of("display_data");
        assertEquals(1, shown.size(), "the chart is shown once: " + KernelClient.types(training.iopub()));
        String displayId = shown.getFirst().content().path("transient").path("display_id").asText();
        assertFalse(displayId.isEmpty(), "the chart is shown under a display id");
        assertTrue(png(shown.getFirst()).startsWith("iVBORw0KGgo"), "the chart is a PNG");

        List<Message> updates = training.of("update_display_data");
        assertTrue(updates.size() >= 3, "redrawn in place while the cell runs: " + KernelClient.types(training.iopub()));
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
        String everyValue = run("history.plot()").of("execute_result").getFirst().content().path("data").path("image/png").asText();
        assertEquals(everyValue, png(updates.getLast()), "the chart ends showing every value logged");
    }

    private static KernelProtocolTest.Run run(String code) {
        KernelProtocolTest.Run run = KernelProtocolTest.Run.of(kernel.client(), code, 60_000);
        assertEquals("ok", run.status(), run.reply().content().toString());
        return run;
    }

    private static String png(Message display) {
        return display.content().path("data").path("image/png").asText();
    }

    private static OffsetDateTime sentAt(Message message) {
        return OffsetDateTime.parse(message.header().date());
    }
}
