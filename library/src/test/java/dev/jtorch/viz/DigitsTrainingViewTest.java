package dev.jtorch.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtorch.NoGrad;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.data.DataLoader;
import dev.jtorch.data.Digits;
import dev.jtorch.nn.CrossEntropyLoss;
import dev.jtorch.nn.Flatten;
import dev.jtorch.nn.Linear;
import dev.jtorch.nn.ReLU;
import dev.jtorch.nn.Sequential;
import dev.jtorch.optim.Adam;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The digits tutorial's cells: train with a live curve and progress lines, then look at the errors. */
class DigitsTrainingViewTest {

    @Test
    void trainingOnTheDigitsShowsCurveProgressImagesAndConfusionMatrix() {
        try (var sink = new RecordingSink(true)) {
            Torch.manualSeed(0);
            var split = Digits.loadImages().trainTestSplit(0.2);
            var loader = new DataLoader(split.train(), 64, true);
            var model = new Sequential(new Flatten(), new Linear(64, 32), new ReLU(), new Linear(32, 10));
            var criterion = new CrossEntropyLoss();
            var optimizer = new Adam(model.parameters(), 0.01);

            var history = new TrainingHistory();
            for (int epoch = 0; epoch < 3; epoch++) {
                var bar = Progress.over(loader, "epoch " + (epoch + 1));
                for (var batch : bar) {
                    optimizer.zeroGrad();
                    var loss = criterion.forward(model.forward(batch.input().div(16)), batch.target());
                    loss.backward();
                    optimizer.step();
                    history.log("loss", loss);
                    bar.set("loss", loss);
                }
            }
            history.close();

            int batches = loader.size();
            assertEquals(3 * batches, history.values("loss").length);
            List<String> lines = sink.of("show").stream().filter(e -> e.value() instanceof Progress.Line)
                    .map(e -> e.value().toString()).toList();
            assertEquals(3, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("0/" + batches), "the total comes from the loader: " + lines.get(0));

            Tensor images = split.test().inputs().narrow(0, 0, 24);
            Tensor labels = split.test().targets().narrow(0, 0, 24);
            Tensor scores;
            try (NoGrad g = Torch.noGrad()) {
                scores = model.forward(split.test().inputs().div(16));
            }
            BufferedImage grid = Plots.images(images, labels, scores.narrow(0, 0, 24));
            PngAssert.assertPicture(Charts.toPng(grid), grid.getWidth(), grid.getHeight());

            var cm = ConfusionMatrix.of(split.test().targets(), scores);
            assertEquals(split.test().size(), cm.total());
            assertTrue(cm.accuracy() > 0.8, "a small MLP learns the digits: " + cm);
            var chart = cm.plot();
            PngAssert.assertPicture(Charts.toPng(chart), chart.getWidth(), chart.getHeight());
        }
    }
}
