package dev.jtorch.viz;

import java.awt.AWTError;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Chart helpers shared by the library and the kernel.
 *
 * <pre>{@code
 * byte[] png = Charts.toPng(history.plot());
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
        System.setProperty("java.awt.headless", "true");
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode chart as PNG", e);
        } catch (AWTError | InternalError | NullPointerException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("Drawing a chart needs fontconfig and a font, which this machine lacks. "
                    + "On Debian/Ubuntu: sudo apt-get install fontconfig fonts-dejavu-core  (cause: " + e + ")", e);
        }
    }
}
