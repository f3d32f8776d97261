package dev.jtorch.data;

import dev.jtorch.Tensor;
import org.junit.jupiter.api.Test;

import static dev.jtorch.Torch.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NormalizeTest {

    @Test
    void perFeatureStatisticsAndTheirApplication() {
        Tensor x = tensor(new float[][]{{1, 10, 5}, {3, 20, 5}, {5, 60, 5}});
        Normalize norm = Normalize.fit(x);
        double s0 = Math.sqrt((4 + 0 + 4) / 3.0);
        double m1 = 30, s1 = Math.sqrt((400 + 100 + 900) / 3.0);
        assertArrayEquals(new float[]{3, 30, 5}, norm.mean().toFloatArray(), 1e-5f);
        assertArrayEquals(new float[]{(float) s0, (float) s1, 1}, norm.std().toFloatArray(), 1e-5f);   // constant: std 1
        Tensor y = norm.apply(x);
        assertArrayEquals(new float[]{(float) (-2 / s0), (float) ((10 - m1) / s1), 0}, y.select(0, 0).toFloatArray(), 1e-5f);
        assertArrayEquals(y.select(0, 2).toFloatArray(), norm.apply(x.select(0, 2)).toFloatArray(), 1e-6f);
    }

    @Test
    void perChannelStatisticsOfImages() {
        TensorDataset images = Digits.loadImages();
        Normalize norm = Normalize.fit(images);
        assertArrayEquals(new int[]{1, 1, 1}, norm.mean().shape());
        Tensor y = norm.apply(images).inputs();
        assertEquals(0, y.mean().item(), 1e-4);
        assertEquals(1, y.var(new int[]{0, 1, 2, 3}, 0, false).item(), 1e-3);

        Normalize given = Normalize.perChannel(new double[]{0.5}, new double[]{0.25});
        assertEquals((16 - 0.5) / 0.25, given.apply(images.inputs()).max().item(), 1e-4);
    }

    @Test
    void mismatchedFeaturesAreRefused() {
        Normalize norm = new Normalize(new double[]{0, 0}, new double[]{1, 1});
        var e = assertThrows(IllegalArgumentException.class, () -> norm.apply(tensor(new float[][]{{1, 2, 3}})));
        assertEquals(true, e.getMessage().contains("[1, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[]{0}, new double[]{0}));
    }
}
