package dev.jtorch.data;

import dev.jtorch.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FashionMNISTTest {
    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes with the given dims and data, written by the format's layout. */
    static byte[] idx(int[] dims, byte[] data) throws IOException {
        var bytes = new ByteArrayOutputStream();
        var out = new DataOutputStream(bytes);
        out.writeInt(0x00000800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    static void write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
    }

    @Test
    void readsIdxFilesFromAnyFolderGzippedOrNot() throws IOException {
        byte[] pixels = new byte[2 * 28 * 28];
        pixels[0] = (byte) 255;
        pixels[28 * 28 + 29] = (byte) 51;
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), idx(new int[]{2, 28, 28}, pixels), true);
        write(dir.resolve("t10k-labels-idx1-ubyte"), idx(new int[]{2}, new byte[]{9, 3}), false);
        TensorDataset test = FashionMNIST.load(dir, false);
        assertArrayEquals(new int[]{2, 1, 28, 28}, test.inputs().shape());
        assertEquals(1.0f, test.inputs().get(0, 0, 0, 0));
        assertEquals(0.2f, test.inputs().get(1, 0, 1, 1), 1e-6);
        assertArrayEquals(new long[]{9, 3}, test.targets().toLongArray());
    }

    @Test
    void aMissingOrTruncatedFileIsExplained() throws IOException {
        var e = assertThrows(IllegalArgumentException.class, () -> FashionMNIST.load(dir, true));
        assertTrue(e.getMessage().contains("sudo apt-get install dataset-fashion-mnist")
                && e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        byte[] whole = idx(new int[]{3}, new byte[]{1, 2, 3});
        write(dir.resolve("t10k-labels-idx1-ubyte"), java.util.Arrays.copyOf(whole, whole.length - 1), false);
        write(dir.resolve("t10k-images-idx3-ubyte"), idx(new int[]{3, 28, 28}, new byte[3 * 784]), false);
        e = assertThrows(IllegalArgumentException.class, () -> FashionMNIST.load(dir, false));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("t10k-labels"), e.getMessage());
    }

    @Test
    void debiansTestSetHasTenThousandImages() {
        assumeTrue(FashionMNIST.isAvailable(), "Fashion-MNIST is not installed in " + FashionMNIST.DEBIAN_FOLDER
                + "; `sudo apt-get install dataset-fashion-mnist` to run this test");
        TensorDataset test = FashionMNIST.load(false);
        assertArrayEquals(new int[]{10000, 1, 28, 28}, test.inputs().shape());
        assertEquals(DType.INT64, test.targets().dtype());
        assertArrayEquals(new long[]{9, 2, 1, 1, 6}, test.targets().narrow(0, 0, 5).toLongArray());
        assertEquals(0, test.targets().min().item());
        assertEquals(9, test.targets().max().item());
        assertEquals(1.0f, test.inputs().max().item());
        // The first non-zero pixel of the first test image: row 7, column 19, value 3.
        float[] first = test.get(0).input().toFloatArray();
        int at = 0;
        while (first[at] == 0) {
            at++;
        }
        assertEquals(7 * 28 + 19, at);
        assertEquals(3 / 255f, first[at], 1e-7);
    }
}
