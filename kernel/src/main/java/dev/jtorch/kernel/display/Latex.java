package dev.jtorch.kernel.display;

/**
 * LaTeX math to be typeset by the notebook: {@code latex("$\\sigma(x) = 1/(1+e^{-x})$")}.
 *
 * @param source the LaTeX, usually between {@code $} signs
 */
public record Latex(String source) {
}
