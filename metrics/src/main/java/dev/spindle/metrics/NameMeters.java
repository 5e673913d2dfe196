package dev.spindle.metrics;

import dev.spindle.TaskOutcome;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of one value of the {@code run} tag and one of the {@code name} tag: the run-time timers,
 * one per outcome, exception, cause and reason, created on first use and cached so that recording a
 * task builds no meter ID; the scrape-time gauges are registered with it by {@link BoundMeters}.
 *
 * <p>Thread-safe: lookups are lock-free; a timer is created under {@link BoundMeters}'s lock.
 */
final class NameMeters {

    final String run;
    final String name;
    private final BoundMeters owner;
    /** The timer of a success (all other tags {@code none}), once created. */
    private volatile Timer success; // benign race: the registry returns the same timer for the same ID
    /** The other timers, by their tags. */
    private final ConcurrentHashMap<Key, Timer> others = new ConcurrentHashMap<>();

    /** The tags of a timer other than {@code run} and {@code name}. */
    record Key(TaskOutcome outcome, String exception, String cause, String reason) {}

    private static final Key SUCCESS = new Key(TaskOutcome.SUCCESS, SpindleMetrics.NONE, SpindleMetrics.NONE,
            SpindleMetrics.NONE);

    NameMeters(BoundMeters owner, String run, String name) {
        this.owner = owner;
        this.run = run;
        this.name = name;
    }

    /** The timer of a task that returned, or {@code null} once the binding has closed. */
    Timer success() {
        Timer t = success;
        if (t == null) {
            t = owner.newTimer(this, SUCCESS);
            success = t;
        }
        return t;
    }

    /** The timer for these tags, or {@code null} once the binding has closed. */
    Timer timer(TaskOutcome outcome, String exception, String cause, String reason) {
        if (outcome == TaskOutcome.SUCCESS) {
            return success();
        }
        Key key = new Key(outcome, exception, cause, reason);
        Timer t = others.get(key);
        if (t == null) {
            t = owner.newTimer(this, key);
            if (t != null) {
                others.putIfAbsent(key, t); // the registry returns the same timer for the same ID
            }
        }
        return t;
    }

    @Override
    public String toString() {
        return "NameMeters[run=" + run + ", name=" + name + "]";
    }
}
