package dev.jtorch.viz;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The sink used outside a notebook: charts and images are written as PNG files (one file per display
 * id, rewritten on update) into {@code jtorch.display.dir} (default: the system temp dir)
 * and the path is printed once; anything else is printed with {@code toString()}.
 */
public final class FileDisplaySink implements DisplaySink {

    private final Map<String, Path> files = new HashMap<>();
    private int anonymous;

    @Override
    public synchronized void show(Object value, String id) {
        if (isPicture(value)) {
            Path path = pathFor(id);
            writePng(value, path);
            System.out.println("[" + (value instanceof Chart<?, ?> ? "chart" : "image") + " written to " + path + "]");
        } else {
            System.out.println(value);
        }
    }

    @Override
    public synchronized void update(String id, Object value) {
        if (isPicture(value) && files.containsKey(id)) {
            writePng(value, files.get(id));
        } else if (isPicture(value)) {
            show(value, id);
        }
        // Text updates outside a notebook are dropped: a terminal cannot redraw in place.
    }

    private static boolean isPicture(Object value) {
        return value instanceof Chart<?, ?> || value instanceof RenderedImage;
    }

    /** A file can be rewritten but a printed line cannot: text does not update in place. */
    @Override
    public boolean updatesInPlace() {
        return false;
    }

    private Path pathFor(String id) {
        Path dir = Path.of(System.getProperty("jtorch.display.dir", System.getProperty("java.io.tmpdir")));
        String name = id != null ? id : "jtorch-chart-" + ProcessHandle.current().pid() + "-" + (++anonymous);
        Path path = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
        if (id != null) {
            files.put(id, path);
        }
        return path;
    }

    private static void writePng(Object picture, Path path) {
        try {
            Files.write(path, picture instanceof Chart<?, ?> chart ? Charts.toPng(chart) : Charts.toPng((RenderedImage) picture));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write chart to " + path, e);
        }
    }
}
