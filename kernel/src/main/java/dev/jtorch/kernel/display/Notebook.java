package dev.jtorch.kernel.display;

import dev.jtorch.viz.Display;
import java.util.Objects;
import java.util.function.Function;

/**
 * Display helpers statically imported into every cell.
 *
 * <pre>{@code
 * display(chart);                       // shows a chart under the cell
 * display(progress, "progress");        // shows, and names the output...
 * updateDisplay("progress", progress);  // ...so that it can be replaced in place
 * display(html("<b>done</b>"));
 * clearOutput();
 * }</pre>
 */
public final class Notebook {

    private static volatile DisplayPublisher publisher;

    private Notebook() {
    }

    /** Installs the kernel's publisher; until then the helpers fall back to the library's display sink. */
    public static void install(DisplayPublisher kernelPublisher) {
        publisher = Objects.requireNonNull(kernelPublisher);
        Display.setSink(kernelPublisher);
    }

    /** Shows {@code value} under the cell (a tensor, a chart, an image, html/markdown/latex, any object). */
    public static void display(Object value) {
        Display.show(value);
    }

    /** Shows {@code value} under {@code id}, so that {@link #updateDisplay} can replace it in place. */
    public static void display(Object value, String id) {
        Display.show(value, id);
    }

    /** Replaces the output shown under {@code id} with {@code value}. */
    public static void updateDisplay(String id, Object value) {
        Display.update(id, value);
    }

    /** Clears the output of the running cell. */
    public static void clearOutput() {
        clearOutput(false);
    }

    /** Clears the output of the running cell; with {@code wait}, only when new output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        DisplayPublisher current = publisher;
        if (current != null) {
            current.clear(wait);
        }
    }

    /** HTML, rendered as HTML when displayed or when it is a cell's value. */
    public static Html html(String source) {
        return new Html(source);
    }

    /** Markdown, rendered when displayed or when it is a cell's value. */
    public static Markdown markdown(String source) {
        return new Markdown(source);
    }

    /** LaTeX math, typeset when displayed or when it is a cell's value. */
    public static Latex latex(String source) {
        return new Latex(source);
    }

    /** Shows values of {@code type} with {@code renderer} from now on (in cells and in execute results). */
    public static <T> void registerRenderer(Class<T> type, Function<? super T, MimeBundle> renderer) {
        DisplayPublisher current = publisher;
        if (current == null) {
            throw new IllegalStateException("renderers apply inside the JTorch kernel only");
        }
        current.renderers().register(type, renderer);
    }
}
