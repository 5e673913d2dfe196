package dev.spindle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A log of named events for the scenario tests, each stamped with the milliseconds since the log was
 * created: order is read from {@link #events()}, time from {@link #at(String)}. Create it at the start
 * of the scenario (inside the run's main task, so that class loading is not counted).
 *
 * <p>It reads the clock of the run it was created in: the system's, or, if that run has
 * {@link VirtualClock virtual time}, the virtual clock, so that events stamp their exact virtual instants
 * (see {@link TestTime#assertMillis}).
 *
 * <p>This class is thread-safe: any task may add events.
 */
final class TimedLog {

    /** One event and when it happened, in milliseconds since the log was created. */
    record Entry(String event, double atMillis) {}

    private final VirtualClock clock = VirtualClock.current().orElse(null); // null: the system clock
    private final long startNanos = nanoTime();
    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** Records {@code event} now. */
    void add(String event) {
        entries.add(new Entry(event, now()));
    }

    /** Milliseconds since the log was created. */
    double now() {
        return (nanoTime() - startNanos) / 1e6;
    }

    private long nanoTime() {
        return clock == null ? System.nanoTime() : clock.elapsed().toNanos();
    }

    /** The events so far, in the order they were added. */
    List<String> events() {
        return entries.stream().map(Entry::event).toList();
    }

    /**
     * When {@code event} happened (its first occurrence).
     *
     * @throws AssertionError if it has not happened
     */
    double at(String event) {
        for (Entry e : entries) {
            if (e.event().equals(event)) {
                return e.atMillis();
            }
        }
        throw new AssertionError("event '" + event + "' did not happen; the log holds " + events());
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
