package dev.jtorch.viz;

/**
 * Where {@link Display} sends objects to be shown. The Jupyter kernel installs a sink that
 * turns them into {@code display_data} / {@code update_display_data} messages; outside a
 * notebook the {@link FileDisplaySink} writes charts as PNG files.
 *
 * <pre>{@code
 * Display.setSink(new DisplaySink() {
 *     public void show(Object value, String id) { System.out.println(value); }
 *     public void update(String id, Object value) { System.out.println(value); }
 * });
 * }</pre>
 */
public interface DisplaySink {

    /**
     * Shows {@code value}; a non-null {@code id} names the output so that
     * {@link #update(String, Object)} can replace it later.
     */
    void show(Object value, String id);

    /** Replaces what was shown under {@code id} with {@code value}, in place. */
    void update(String id, Object value);

    /**
     * Whether {@link #update} redraws in place (a notebook) rather than not at all (a
     * terminal or a log file). A {@link Progress} line that cannot update in place prints a
     * new line every few percent instead.
     */
    default boolean updatesInPlace() {
        return true;
    }
}
