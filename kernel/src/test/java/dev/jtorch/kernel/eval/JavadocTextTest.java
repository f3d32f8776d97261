package dev.jtorch.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JavadocTextTest {

    @Test
    void linksReadAsJavaCodeNamesThings() {
        assertEquals("Like {@code view} but copies.", JavadocText.readableLinks("Like {@link #view} but copies."));
        assertEquals("See {@code Tensor.view} and {@code Torch}.", JavadocText.readableLinks("See {@link Tensor#view} and {@link Torch}."));
        assertEquals("{@code allClose(Tensor, double, double)} with defaults",
                JavadocText.readableLinks("{@link #allClose(Tensor, double, double)} with defaults"));
        assertEquals("the view op, then", JavadocText.readableLinks("the {@linkplain #view view op}, then"));
        assertEquals("no links here", JavadocText.readableLinks("no links here"));
    }

    @Test
    void aHelpPageShowsNoLinkSyntax() {
        String page = JavadocText.format("Tensor Tensor.reshape(int... shape)", "Like {@link #view} but copies when the layout requires it.");
        assertTrue(page.contains("Like view but copies"), page);
        assertFalse(page.contains("#"), page);
    }
}
