package dev.jtorch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The speed ratios (JTorch's rate / PyTorch's, above 1 is faster) of one benchmark run, kept
 * as a tab-separated file in {@code bench/results/} for {@link RatioChart} to draw.
 *
 * <pre>{@code
 * Ratios ratios = new Ratios();
 * ratios.add("matmul 1024", 1, 0.98);
 * ratios.save("matmul");   // bench/results/matmul.tsv
 * }</pre>
 */
final class Ratios {
    /** One row: what was measured, at how many threads, and the ratio. */
    record Row(String benchmark, int threads, double ratio) {
    }

    private final List<Row> rows = new ArrayList<>();

    void add(String benchmark, int threads, double ratio) {
        rows.add(new Row(benchmark, threads, ratio));
    }

    /** Writes {@code bench/results/NAME.tsv}, replacing an earlier run's. */
    void save(String name) {
        StringBuilder tsv = new StringBuilder();
        for (Row r : rows) {
            tsv.append(String.format(Locale.ROOT, "%s\t%d\t%.4f%n", r.benchmark, r.threads, r.ratio));
        }
        try {
            Path dir = Path.of(System.getProperty("jtorch.bench.dir", "bench"), "results");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".tsv"), tsv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of every {@code .tsv} in {@code dir}, in file-name order. */
    static List<Row> load(Path dir) throws IOException {
        List<Row> all = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] cols = line.split("\t");
                    if (cols.length == 3) {
                        all.add(new Row(cols[0], Integer.parseInt(cols[1]), Double.parseDouble(cols[2])));
                    }
                }
            }
        }
        return all;
    }
}
