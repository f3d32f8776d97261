package dev.jtorch.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtorch.NoGrad;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** A training loop written the way a notebook cell is, watched through a recording sink. */
class TrainingLoopDisplayTest {

    @Test
    void aPlainTrainingLoopGetsALiveLossCurveAndProgressLines() {
        try (var sink = new RecordingSink(true)) {
            Torch.manualSeed(0);
            Tensor x = Torch.randn(64, 3);
            Tensor y = x.matmul(Torch.tensor(new float[][]{{1}, {-2}, {0.5f}}));
            Tensor w = Torch.zeros(3, 1).requiresGrad_(true);

            var history = new TrainingHistory();   // as in the seed program: nothing else to set up
            for (int epoch : Progress.range(3, "epochs")) {
                var bar = Progress.over(List.of(0, 1, 2, 3, 4), "epoch " + (epoch + 1));
                for (int ignored : bar) {
                    Tensor loss = x.matmul(w).sub(y).pow(2).mean();
                    loss.backward();
                    try (NoGrad g = Torch.noGrad()) {
                        w.sub_(w.grad().mul(0.1));
                        w.grad().zero_();
                    }
                    history.log("loss", loss.item());
                    bar.set("loss", loss.item());
                }
                history.logEpoch("epoch_loss", history.last("loss"));
            }
            history.close();

            double[] losses = history.values("loss");
            assertEquals(15, losses.length);
            assertTrue(losses[14] < losses[0] / 2, "the loss went down: " + losses[0] + " -> " + losses[14]);

            var shows = sink.of("show");
            List<String> lines = shows.stream().filter(e -> e.value() instanceof Progress.Line)
                    .map(e -> e.value().toString()).toList();
            assertEquals(4, lines.size(), "one line for the epochs, one per epoch: " + lines);
            long charts = shows.stream().filter(e -> e.value() instanceof XYChart).count();
            assertEquals(1, charts, "the history shows itself once, at the first log");

            String historyId = shows.stream().filter(e -> e.value() instanceof XYChart).findFirst().orElseThrow().id();
            var lastChart = sink.events.stream().filter(e -> historyId.equals(e.id())).reduce((a, b) -> b).orElseThrow();
            assertInstanceOf(XYChart.class, lastChart.value());
            PngAssert.assertPicture(Charts.toPng((XYChart) lastChart.value()), 720, 420);

            String epochsId = shows.stream().filter(e -> e.value().toString().startsWith("epochs")).findFirst()
                    .orElseThrow().id();
            var lastEpochLine = sink.events.stream().filter(e -> epochsId.equals(e.id())).reduce((a, b) -> b)
                    .orElseThrow();
            assertTrue(lastEpochLine.value().toString().contains("3/3"), lastEpochLine.value().toString());
        }
    }
}
