package dev.jtorch.data;

import dev.jtorch.Torch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the scikit-learn data files shipped as resources of this package: rows of numbers
 * with the class label last, after an optional header line
 * {@code "<rows>,<features>,<class name>,..."}.
 */
final class BundledCsv {
    final float[] features;
    final long[] labels;
    final int rows;
    final int columns;
    final List<String> classNames;

    private BundledCsv(float[] features, long[] labels, int rows, int columns, List<String> classNames) {
        this.features = features;
        this.labels = labels;
        this.rows = rows;
        this.columns = columns;
        this.classNames = classNames;
    }

    static BundledCsv read(String resource, boolean header) {
        try (InputStream raw = BundledCsv.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("the data file " + resource + " is missing from the JTorch jar "
                        + "(dev/jtorch/data/" + resource + "); rebuild the library");
            }
            InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            List<String> classNames = new ArrayList<>();
            int expectedRows = -1;
            if (header) {
                String[] head = reader.readLine().split(",");
                expectedRows = Integer.parseInt(head[0].trim());
                for (int i = 2; i < head.length; i++) {
                    classNames.add(head[i].trim());
                }
            }
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            int rows = lines.size();
            if (expectedRows >= 0 && rows != expectedRows) {
                throw new IllegalStateException(resource + ": the header announces " + expectedRows + " rows but there are " + rows);
            }
            int columns = lines.get(0).split(",").length - 1;
            float[] features = new float[rows * columns];
            long[] labels = new long[rows];
            for (int r = 0; r < rows; r++) {
                String[] cells = lines.get(r).split(",");
                if (cells.length != columns + 1) {
                    throw new IllegalStateException(resource + ": line " + (r + 1) + " has " + cells.length
                            + " fields, expected " + (columns + 1));
                }
                for (int c = 0; c < columns; c++) {
                    features[r * columns + c] = Float.parseFloat(cells[c]);
                }
                labels[r] = (long) Double.parseDouble(cells[columns]);
            }
            return new BundledCsv(features, labels, rows, columns, List.copyOf(classNames));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the bundled data file " + resource, e);
        }
    }

    TensorDataset dataset(int... inputShape) {
        int[] shape = new int[inputShape.length + 1];
        shape[0] = rows;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        return new TensorDataset(Torch.tensor(features, shape), Torch.tensor(labels));
    }
}
