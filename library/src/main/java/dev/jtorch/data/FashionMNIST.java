package dev.jtorch.data;

import dev.jtorch.Torch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Fashion-MNIST (Zalando, MIT licence), the data set of PyTorch's quickstart: 28x28
 * grayscale images of clothing in 10 classes, 60000 for training and 10000 for testing.
 * It is read from IDX files (gzipped or not) in Debian's {@code dataset-fashion-mnist}
 * folder, {@value #DEBIAN_FOLDER}, or in any folder given.
 *
 * <p>Shapes: inputs {@code [N, 1, 28, 28]} float32 in [0, 1], targets {@code [N]} int64 in
 * 0..9 (indices into {@link #CLASS_NAMES}).
 *
 * <pre>{@code
 * var train = FashionMNIST.load(true);    // 60000 images
 * var test = FashionMNIST.load(false);    // 10000 images
 * var loader = new DataLoader(train, 64, true);
 * }</pre>
 */
public final class FashionMNIST {
    /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
    public static final String DEBIAN_FOLDER = "/usr/share/datasets/fashion-mnist";
    /** The classes, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMNIST() {
    }

    /** The training set ({@code train}) or the test set, from Debian's folder. */
    public static TensorDataset load(boolean train) {
        return load(Path.of(DEBIAN_FOLDER), train);
    }

    /** The training set ({@code train}) or the test set, from the IDX files in {@code folder}. */
    public static TensorDataset load(Path folder, boolean train) {
        String prefix = train ? "train" : "t10k";
        Idx images = Idx.read(find(folder, prefix + "-images-idx3-ubyte"));
        Idx labels = Idx.read(find(folder, prefix + "-labels-idx1-ubyte"));
        if (images.dims().length != 3 || labels.dims().length != 1 || images.dims()[0] != labels.dims()[0]) {
            throw new IllegalArgumentException("FashionMNIST: in " + folder + " the images have shape "
                    + Arrays.toString(images.dims()) + " and the labels " + Arrays.toString(labels.dims())
                    + "; expected [N, 28, 28] and [N]");
        }
        byte[] pixels = images.data();
        float[] x = new float[pixels.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (pixels[i] & 0xFF) / 255f;
        }
        byte[] raw = labels.data();
        long[] y = new long[raw.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = raw[i] & 0xFF;
        }
        int[] d = images.dims();
        return new TensorDataset(Torch.tensor(x, d[0], 1, d[1], d[2]), Torch.tensor(y));
    }

    /** Whether the four IDX files are in {@code folder}. */
    public static boolean isAvailable(Path folder) {
        for (String name : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            if (!Files.isRegularFile(folder.resolve(name)) && !Files.isRegularFile(folder.resolve(name + ".gz"))) {
                return false;
            }
        }
        return true;
    }

    /** Whether Debian's folder has the four IDX files. */
    public static boolean isAvailable() {
        return isAvailable(Path.of(DEBIAN_FOLDER));
    }

    private static Path find(Path folder, String name) {
        for (Path candidate : List.of(folder.resolve(name + ".gz"), folder.resolve(name))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("FashionMNIST: " + folder.resolve(name) + "(.gz) not found. Install Debian's "
                + "copy with `sudo apt-get install dataset-fashion-mnist` (it goes to " + DEBIAN_FOLDER + "), or pass "
                + "a folder holding the four IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                + "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (gzipped or not).");
    }
}
