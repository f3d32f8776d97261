package dev.jtorch.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtorch.Torch;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class FileDisplaySinkTest {

    @Test
    void chartsAndImagesBecomePngFilesRewrittenOnUpdate(@TempDir Path dir) throws Exception {
        String before = System.getProperty("jtorch.display.dir");
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setProperty("jtorch.display.dir", dir.toString());
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            var sink = new FileDisplaySink();
            assertFalse(sink.updatesInPlace());
            XYChart small = Plots.line(new double[]{1, 2, 3});
            sink.show(small, "curve");
            Path file = dir.resolve("curve.png");
            PngAssert.assertPicture(Files.readAllBytes(file), small.getWidth(), small.getHeight());

            BufferedImage grid = Plots.images(Torch.rand(3, 8, 8));
            sink.update("curve", grid);
            PngAssert.assertPicture(Files.readAllBytes(file), grid.getWidth(), grid.getHeight());

            sink.show(new Progress.Line("epoch 1: 10%"), "line");
            sink.update("line", new Progress.Line("epoch 1: 20%"));
            String text = printed.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("[chart written to " + file + "]"), text);
            assertTrue(text.contains("epoch 1: 10%"), text);
            assertFalse(text.contains("20%"), "a printed line cannot be redrawn: " + text);
            assertEquals(1, text.lines().filter(l -> l.contains("written to")).count(), text);
        } finally {
            System.setOut(out);
            if (before == null) {
                System.clearProperty("jtorch.display.dir");
            } else {
                System.setProperty("jtorch.display.dir", before);
            }
        }
    }
}
