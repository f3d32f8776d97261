package dev.jtorch.kernel.display;

/**
 * Markdown to be rendered by the notebook: {@code markdown("# Results")}.
 *
 * @param source the Markdown text
 */
public record Markdown(String source) {
}
