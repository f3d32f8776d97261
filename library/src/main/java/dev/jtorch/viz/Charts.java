package dev.jtorch.viz;

import java.awt.AWTError;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Chart helpers shared by the library and the kernel: PNG encoding of charts and images,
 * with a clear message when the machine cannot draw text.
 *
 * <pre>{@code
 * byte[] png = Charts.toPng(history.plot());
 * Charts.savePng(Plots.histogram(w), Path.of("weights.png"));
 * }</pre>
 */
public final class Charts {

    private Charts() {
    }

    /**
     * Encodes {@code chart} as PNG bytes. Fails with a message naming the fix when the
     * machine has no fonts (AWT then throws deep inside XChart).
     */
    public static byte[] toPng(Chart<?, ?> chart) {
        return drawing(() -> {
            try {
                return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            } catch (IOException e) {
                throw new UncheckedIOException("could not encode chart as PNG", e);
            }
        });
    }

    /** Draws {@code chart} into an image of the chart's own width and height. */
    public static BufferedImage toImage(Chart<?, ?> chart) {
        return drawing(() -> BitmapEncoder.getBufferedImage(chart));
    }

    /** Encodes an image (an image grid, a confusion matrix) as PNG bytes. */
    public static byte[] toPng(RenderedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode image as PNG", e);
        }
        return out.toByteArray();
    }

    /** Writes {@code chart} as a PNG file, creating missing parent folders. */
    public static void savePng(Chart<?, ?> chart, Path path) {
        write(toPng(chart), path);
    }

    /** Writes {@code image} as a PNG file, creating missing parent folders. */
    public static void savePng(RenderedImage image, Path path) {
        write(toPng(image), path);
    }

    private static void write(byte[] png, Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(path, png);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write PNG to " + path, e);
        }
    }

    /** Runs AWT drawing code, turning the missing-font failure into a message with the fix. */
    static <T> T drawing(Supplier<T> draw) {
        System.setProperty("java.awt.headless", "true");
        try {
            return draw.get();
        } catch (NullPointerException e) {
            if (!fromAwt(e)) {
                throw e;
            }
            throw noFonts(e);
        } catch (AWTError | InternalError | UnsatisfiedLinkError e) {
            throw noFonts(e);
        }
    }

    private static boolean fromAwt(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("sun.") || frame.getClassName().startsWith("java.awt.")) {
                return true;
            }
        }
        return false;
    }

    private static IllegalStateException noFonts(Throwable e) {
        return new IllegalStateException("Drawing a chart needs fontconfig and a font, which this machine lacks. "
                    + "On Debian/Ubuntu: sudo apt-get install fontconfig fonts-dejavu-core  (cause: " + e + ")", e);
    }
}
