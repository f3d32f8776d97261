package dev.jtorch.kernel.eval;

import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;

/**
 * A cell's shown expression, evaluated as the initializer of an {@code Object} variable:
 * {@code 1 + 1} runs as {@code Object $jtorchValue = 1 + 1;}. JShell compiles that in three
 * compiler passes (parse, check, compile); the bare expression takes five, two of them only to
 * find the type of the {@code $N} temporary it would declare. The value and any exception are
 * the expression's own, as are the line numbers of a stack trace (the declaration adds nothing
 * before the first line).
 *
 * <p>Not every snippet that may be an expression is one: a void method call, a declaration or a
 * statement written without its closing {@code ;} does not compile as an initializer. Such a
 * declaration is rejected before anything runs; the caller drops it and evaluates the snippet
 * as written, so that what the user sees (a compile error's wording and columns, a statement's
 * effect) is exactly JShell's.
 *
 * <pre>{@code
 * ValueDeclaration.of("1 + 1")                  // "Object $jtorchValue = 1 + 1\n;"
 * ValueDeclaration.of("list.add(3);")           // null: a closing ; means the value is not shown
 * ValueDeclaration.of("for (int i : xs) { }")   // null: ends with a block
 * ValueDeclaration.of("x, y")                   // null: would declare y
 * }</pre>
 */
final class ValueDeclaration {

    /** The variable's name; each value is released and the variable dropped once read. */
    static final String NAME = "$jtorchValue";

    private ValueDeclaration() {
    }

    /**
     * The declaration to try for snippet {@code source}, or null when the snippet is not a shown
     * expression (it ends with {@code ;}), most likely not an expression at all (it ends with a
     * block, as statements, methods and classes do), has a comma outside brackets (as an
     * initializer, {@code x, y} would declare a variable {@code y}) or names the variable itself.
     */
    static String of(String source) {
        String code = CodeText.of(source);
        char last = CodeText.lastChar(code);
        if (last == 0 || last == ';' || last == '}' || hasCommaOutsideBrackets(code) || code.contains(NAME)) {
            return null;
        }
        // The ; on a line of its own, so that a trailing // comment cannot swallow it.
        return "Object " + NAME + " = " + source + "\n;";
    }

    /** Whether {@code snippet} is a declaration made by {@link #of}. */
    static boolean declares(Snippet snippet) {
        return snippet instanceof VarSnippet variable && variable.name().equals(NAME);
    }

    private static boolean hasCommaOutsideBrackets(String code) {
        int depth = 0;
        for (int i = 0; i < code.length(); i++) {
            switch (code.charAt(i)) {
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> depth--;
                case ',' -> {
                    if (depth == 0) {
                        return true;
                    }
                }
                default -> {
                }
            }
        }
        return false;
    }
}
