package dev.jtorch.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small, strict JSON dialect of a safetensors header: objects, arrays, strings (with
 * every JSON escape) and non-negative integers; no floats, booleans or null, no duplicate
 * keys, nothing after the top-level object but spaces. Parsing yields
 * {@code LinkedHashMap<String, Object>}, {@code List<Object>}, {@code String} and
 * {@code Long}.
 */
final class HeaderJson {
    private static final int MAX_DEPTH = 8;

    private final String text;
    private int pos;

    private HeaderJson(String text) {
        this.text = text;
    }

    /** Parses {@code text}, which must be one JSON object followed only by whitespace. */
    static Map<String, Object> parseObject(String text) {
        HeaderJson p = new HeaderJson(text);
        p.skipSpace();
        if (p.pos >= text.length() || text.charAt(p.pos) != '{') {
            throw p.error("the header must start with '{'");
        }
        Map<String, Object> result = p.object(0);
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the header object");
        }
        return result;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        skipSpace();
        if (pos >= text.length()) {
            throw error("the header ends where a value was expected");
        }
        char c = text.charAt(pos);
        if (c == '{') {
            return object(depth + 1);
        } else if (c == '[') {
            return array(depth + 1);
        } else if (c == '"') {
            return string();
        } else if (c >= '0' && c <= '9') {
            return integer();
        }
        throw error("unexpected character '" + printable(c) + "' (a header holds only objects, arrays, strings and "
                + "non-negative integers)");
    }

    private Map<String, Object> object(int depth) {
        expect('{');
        Map<String, Object> out = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a quoted key");
            }
            String key = string();
            skipSpace();
            expect(':');
            Object value = value(depth);
            if (out.put(key, value) != null) {
                throw error("duplicate key \"" + key + "\"");
            }
            skipSpace();
            char c = next();
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' in an object");
            }
        }
    }

    private List<Object> array(int depth) {
        expect('[');
        List<Object> out = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return out;
        }
        while (true) {
            out.add(value(depth));
            skipSpace();
            char c = next();
            if (c == ']') {
                return out;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' in an array");
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("a control character inside a string must be escaped");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("the header ends inside a \\u escape");
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(text.charAt(pos++), 16);
                        if (digit < 0) {
                            pos--;
                            throw error("a \\u escape needs four hex digits");
                        }
                        code = code * 16 + digit;
                    }
                    sb.append((char) code);
                }
                default -> {
                    pos--;
                    throw error("unknown escape '\\" + printable(e) + "'");
                }
            }
        }
    }

    private Long integer() {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 0x80) {
            pos++;
        }
        if (pos < text.length() && ".eE-+".indexOf(text.charAt(pos)) >= 0) {
            throw error("only non-negative integers are allowed in a header");
        }
        String digits = text.substring(start, pos);
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            pos = start;
            throw error("an integer must not have leading zeros");
        }
        if (digits.length() > 18) {
            pos = start;
            throw error("integer " + digits + " is too large");
        }
        return Long.parseLong(digits);
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("the header ends unexpectedly");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            pos--;
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("invalid JSON header at character " + pos + ": " + what);
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    // ---------------------------------------------------------------- writing

    /** Appends {@code s} as a JSON string literal. */
    static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
