package dev.jtorch.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ValueDeclarationTest {

    @Test
    void aShownExpressionBecomesTheInitializerOfAnObjectVariable() {
        assertEquals("Object $jtorchValue = 1 + 1\n;", ValueDeclaration.of("1 + 1"));
        assertEquals("Object $jtorchValue = x // shown\n;", ValueDeclaration.of("x // shown"));
        assertEquals("Object $jtorchValue = f(a, b)[0]\n;", ValueDeclaration.of("f(a, b)[0]"));
        assertEquals("Object $jtorchValue = \"a, b;\"\n;", ValueDeclaration.of("\"a, b;\""));
    }

    @Test
    void snippetsThatAreNotShownExpressionsAreLeftToJShell() {
        assertNull(ValueDeclaration.of("list.add(3);"), "closed by ; : not shown");
        assertNull(ValueDeclaration.of("x; // a comment after the semicolon"));
        assertNull(ValueDeclaration.of("for (int i = 0; i < 3; i++) { f(i); }"), "a statement");
        assertNull(ValueDeclaration.of("class A { }"), "a declaration");
        assertNull(ValueDeclaration.of("x, y"), "as an initializer it would declare y");
        assertNull(ValueDeclaration.of("// only a comment"));
    }

    @Test
    void codeTextDropsCommentsAndLiteralContents() {
        assertEquals("f(\") ", CodeText.of("f(\"a;b\") // done;"));
        assertEquals("x = \"; y", CodeText.of("x = \"\"\"\n  text; \"\"\"; y"));
        assertEquals("c = '; d   e", CodeText.of("c = ';'; d /* , */ e"));
        assertEquals(')', CodeText.lastChar("f(\") \n "));
        assertEquals(0, CodeText.lastChar("  \n"));
    }
}
