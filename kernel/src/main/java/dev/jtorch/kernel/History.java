package dev.jtorch.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        return List.copyOf(entries.subList(Math.min(entries.size(), Math.max(0, entries.size() - n)), entries.size()));
    }

    /** Inputs with execution counts in [{@code start}, {@code stop}); stop 0 or less means "to the end". */
    public synchronized List<Entry> range(int start, int stop) {
        return entries.stream()
                .filter(e -> e.line() >= start && (stop <= 0 || e.line() < stop))
                .toList();
    }

    /** The last {@code n} inputs matching the glob {@code pattern} ({@code *} and {@code ?}), optionally unique. */
    public synchronized List<Entry> search(String pattern, int n, boolean unique) {
        List<Entry> found = new ArrayList<>();
        for (Entry e : entries) {
            if (globMatches(pattern, e.input())) {
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

    // Greedy wildcard matching with one saved star: time linear in text times pattern, where a
    // regular expression of many ".*" backtracks for ages and would hold the shell channel.
    static boolean globMatches(String glob, String text) {
        int g = 0;
        int t = 0;
        int star = -1;
        int starText = 0;
        while (t < text.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == text.charAt(t))
                    && glob.charAt(g) != '*') {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                starText = t;
            } else if (star >= 0) {
                g = star + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
