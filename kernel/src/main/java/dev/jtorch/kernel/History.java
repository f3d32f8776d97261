package dev.jtorch.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The inputs of this kernel session, for {@code history_request}: the last n (tail), a range
 * of execution counts, or a glob search, as IPython answers them.
 */
public final class History {

    /** One executed input. */
    public record Entry(int session, int line, String input) {
    }

    private static final int SESSION = 1;
    private final List<Entry> entries = new ArrayList<>();

    /** Records the input run as execution count {@code line}. */
    public synchronized void add(int line, String input) {
        entries.add(new Entry(SESSION, line, input));
    }

    /** The last {@code n} inputs. */
    public synchronized List<Entry> tail(int n) {
        return List.copyOf(entries.subList(Math.max(0, entries.size() - n), entries.size()));
    }

    /** Inputs with execution counts in [{@code start}, {@code stop}); stop 0 or less means "to the end". */
    public synchronized List<Entry> range(int start, int stop) {
        return entries.stream()
                .filter(e -> e.line() >= start && (stop <= 0 || e.line() < stop))
                .toList();
    }

    /** The last {@code n} inputs matching the glob {@code pattern} ({@code *} and {@code ?}), optionally unique. */
    public synchronized List<Entry> search(String pattern, int n, boolean unique) {
        Pattern glob = globToRegex(pattern);
        List<Entry> found = new ArrayList<>();
        for (Entry e : entries) {
            if (glob.matcher(e.input()).matches()) {
                found.add(e);
            }
        }
        if (unique) {
            Map<String, Entry> last = new LinkedHashMap<>();
            for (Entry e : found) {
                last.remove(e.input());
                last.put(e.input(), e);
            }
            found = new ArrayList<>(last.values());
        }
        return n > 0 ? found.subList(Math.max(0, found.size() - n), found.size()) : found;
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
