package dev.jtorch.kernel.display;

/**
 * HTML to be rendered as HTML in the notebook: {@code html("<b>bold</b>")}.
 *
 * @param source the HTML
 */
public record Html(String source) {
}
