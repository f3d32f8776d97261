package dev.jtorch.viz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** A sink that remembers every show and update, installed for one test and removed after it. */
final class RecordingSink implements DisplaySink, AutoCloseable {

    record Event(String kind, String id, Object value, Object observed) {
    }

    private final boolean inPlace;
    private final DisplaySink previous;
    private final Supplier<Object> observer;
    private final Runnable onEvent;
    final List<Event> events = new ArrayList<>();

    /** Installs itself; {@code observer} is read at every event (e.g. how many values were logged then). */
    RecordingSink(boolean inPlace, Supplier<Object> observer, Runnable onEvent) {
        this.inPlace = inPlace;
        this.observer = observer;
        this.onEvent = onEvent;
        this.previous = Display.sink();
        Display.setSink(this);
    }

    RecordingSink(boolean inPlace) {
        this(inPlace, () -> null, () -> { });
    }

    @Override
    public void show(Object value, String id) {
        events.add(new Event("show", id, value, observer.get()));
        onEvent.run();
    }

    @Override
    public void update(String id, Object value) {
        events.add(new Event("update", id, value, observer.get()));
        onEvent.run();
    }

    @Override
    public boolean updatesInPlace() {
        return inPlace;
    }

    List<Event> of(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    @Override
    public void close() {
        Display.setSink(previous);
    }
}
