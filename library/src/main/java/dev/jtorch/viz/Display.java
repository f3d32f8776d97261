package dev.jtorch.viz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The library's one door to the screen. Library code (a live loss curve, a progress line)
 * calls {@code Display.show} and {@code Display.update}; whoever runs the code decides what
 * that means by installing a {@link DisplaySink}. In a JTorch notebook the kernel installs
 * itself at start-up, so charts appear under the cell and update in place.
 *
 * <pre>{@code
 * String id = Display.newId();
 * Display.show(chart, id);        // appears once
 * Display.update(id, newChart);   // replaces it in place
 * }</pre>
 *
 * <p>For a sink: {@link TrainingHistory} shows an XChart chart (or a {@code BufferedImage}
 * when it has several panels) and updates it in place; {@link Progress} shows a
 * {@link Progress.Line}, text whose {@code toString()} is the line. Both redraw at most a few
 * times a second, so a runner calls {@link #cellFinished()} when a cell ends (or
 * {@link #flush()} when a script ends) to draw their last state.
 */
public final class Display {

    private static volatile DisplaySink sink = new FileDisplaySink();
    private static long counter;
    // Weak, so that a TrainingHistory the user dropped is not kept alive by the display.
    private static final Set<LiveOutput> live = Collections.newSetFromMap(new WeakHashMap<>());

    private Display() {
    }

    /** Installs the sink that receives every later show and update. */
    public static void setSink(DisplaySink newSink) {
        sink = Objects.requireNonNull(newSink, "sink");
    }

    /** The sink in use now. */
    public static DisplaySink sink() {
        return sink;
    }

    /** Shows {@code value} once. */
    public static void show(Object value) {
        sink.show(value, null);
    }

    /** Shows {@code value} under {@code id}, so that {@link #update} can replace it. */
    public static void show(Object value, String id) {
        sink.show(value, id);
    }

    /** Replaces the output shown under {@code id}. */
    public static void update(String id, Object value) {
        sink.update(id, value);
    }

    /** A fresh display id, unique within this JVM. */
    public static synchronized String newId() {
        return "jtorch-" + ProcessHandle.current().pid() + "-" + (++counter);
    }

    /**
     * Brings every live output (a {@link TrainingHistory}, a {@link Progress}) up to date:
     * they redraw at most a few times a second, so their last changes may still be pending.
     * The kernel calls this when a cell ends; outside a notebook, call it (or close the
     * outputs) when a run ends.
     */
    public static void flush() {
        List<LiveOutput> outputs;
        synchronized (live) {
            outputs = new ArrayList<>(live);
        }
        for (LiveOutput output : outputs) {
            output.flush();
        }
    }

    /**
     * Called by the kernel when a cell ends (after an error or an interrupt too): draws what
     * live outputs still hold, as {@link #flush()} does, and makes a {@link TrainingHistory}
     * that is logged to again in a later cell (training for a few more epochs) show itself
     * anew under that cell instead of updating the chart of the earlier one.
     */
    public static void cellFinished() {
        List<LiveOutput> outputs;
        synchronized (live) {
            outputs = new ArrayList<>(live);
            live.clear();
        }
        for (LiveOutput output : outputs) {
            output.cellFinished();
        }
    }

    static void register(LiveOutput output) {
        synchronized (live) {
            live.add(output);
        }
    }

    static void unregister(LiveOutput output) {
        synchronized (live) {
            live.remove(output);
        }
    }
}
