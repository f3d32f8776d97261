package dev.jtorch.data;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The scikit-learn data files shipped as resources: shapes, types, label ranges and first rows. */
class BundledDatasetsTest {

    static long[] classCounts(Tensor labels, int classes) {
        long[] counts = new long[classes];
        for (long y : labels.toLongArray()) {
            counts[(int) y]++;
        }
        return counts;
    }

    @Test
    void digitsHas1797FlatImagesOfTenClasses() {
        TensorDataset digits = Digits.load();
        assertArrayEquals(new int[]{1797, 64}, digits.inputs().shape());
        assertArrayEquals(new int[]{1797}, digits.targets().shape());
        assertEquals(DType.FLOAT32, digits.inputs().dtype());
        assertEquals(DType.INT64, digits.targets().dtype());
        // The first row of digits.csv.gz: a zero.
        assertArrayEquals(new float[]{0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0},
                digits.get(0).input().narrow(0, 0, 16).toFloatArray());
        assertEquals(0, digits.get(0).target().longItem());
        assertEquals(1, digits.get(1).target().longItem());
        assertEquals(0, digits.inputs().min().item());
        assertEquals(16, digits.inputs().max().item());
        long[] counts = classCounts(digits.targets(), 10);
        assertEquals(1797, java.util.Arrays.stream(counts).sum());
        for (long c : counts) {
            assertEquals(true, c >= 170 && c <= 190, "each digit has about 180 images: " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void digitImagesAreOneChannelEightByEight() {
        TensorDataset images = Digits.loadImages();
        assertArrayEquals(new int[]{1797, 1, 8, 8}, images.inputs().shape());
        assertEquals(5, images.inputs().get(0, 0, 0, 2));
        assertEquals(13, images.inputs().get(0, 0, 1, 2));   // flat index 10
        assertArrayEquals(Digits.load().inputs().toFloatArray(), images.inputs().toFloatArray());
    }

    @Test
    void irisHas150FlowersOfThreeSpecies() {
        TensorDataset iris = Iris.load();
        assertArrayEquals(new int[]{150, 4}, iris.inputs().shape());
        assertArrayEquals(new float[]{5.1f, 3.5f, 1.4f, 0.2f}, iris.get(0).input().toFloatArray());
        assertArrayEquals(new long[]{50, 50, 50}, classCounts(iris.targets(), 3));
        assertEquals("virginica", Iris.CLASS_NAMES.get((int) iris.get(149).target().longItem()));
    }

    @Test
    void wineHas178WinesWithThirteenMeasurements() {
        TensorDataset wine = Wine.load();
        assertArrayEquals(new int[]{178, 13}, wine.inputs().shape());
        assertArrayEquals(new float[]{14.23f, 1.71f, 2.43f, 15.6f, 127, 2.8f, 3.06f, 0.28f, 2.29f, 5.64f, 1.04f, 3.92f, 1065},
                wine.get(0).input().toFloatArray());
        assertArrayEquals(new long[]{59, 71, 48}, classCounts(wine.targets(), 3));
        assertEquals(13, Wine.FEATURE_NAMES.size());
    }
}
