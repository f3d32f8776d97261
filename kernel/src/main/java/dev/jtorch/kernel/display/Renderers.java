package dev.jtorch.kernel.display;

import dev.jtorch.Tensor;
import dev.jtorch.viz.Charts;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Turns objects into {@link MimeBundle}s by type: the most recently registered renderer whose
 * type matches wins; anything else is shown as text.
 *
 * <pre>{@code
 * renderers.register(Point.class, p -> MimeBundle.text(p.x() + "," + p.y()));
 * }</pre>
 */
public final class Renderers {

    private record Entry<T>(Class<T> type, Function<? super T, MimeBundle> renderer) {
        MimeBundle apply(Object value) {
            return renderer.apply(type.cast(value));
        }
    }

    private final List<Entry<?>> entries = new CopyOnWriteArrayList<>();

    /** Renderers for tensors, XChart charts, images, html/markdown/latex and bundles. */
    public static Renderers standard() {
        Renderers renderers = new Renderers();
        renderers.register(RenderedImage.class, image -> MimeBundle.png(pngOf(image),
                "<image " + image.getWidth() + "x" + image.getHeight() + ">"));
        renderers.register(Chart.class, chart -> MimeBundle.png(Charts.toPng(chart), "<" + chart.getClass().getSimpleName()
                + (chart.getTitle() == null || chart.getTitle().isEmpty() ? "" : " '" + chart.getTitle() + "'") + ">"));
        renderers.register(Tensor.class, tensor -> MimeBundle.text(tensor.toString())
                .with("text/html", TensorHtml.render(tensor)));
        renderers.register(Latex.class, latex -> MimeBundle.text(latex.source()).with("text/latex", latex.source()));
        renderers.register(Markdown.class, md -> MimeBundle.text(md.source()).with("text/markdown", md.source()));
        renderers.register(Html.class, html -> MimeBundle.text(html.source()).with("text/html", html.source()));
        renderers.register(MimeBundle.class, bundle -> bundle);
        return renderers;
    }

    /** Shows values of {@code type} (and its subtypes) with {@code renderer}, before earlier ones. */
    public <T> void register(Class<T> type, Function<? super T, MimeBundle> renderer) {
        entries.addFirst(new Entry<>(type, renderer));
    }

    /** The bundle for {@code value}; a failing renderer falls back to text with the reason. */
    public MimeBundle render(Object value) {
        if (value != null) {
            for (Entry<?> entry : entries) {
                if (entry.type().isInstance(value)) {
                    return entry.apply(value);
                }
            }
        }
        return MimeBundle.text(TextForm.of(value));
    }

    private static byte[] pngOf(RenderedImage image) {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the image as PNG", e);
        }
    }
}
