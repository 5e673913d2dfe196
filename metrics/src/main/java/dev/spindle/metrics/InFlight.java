package dev.spindle.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * The values of the scrape-time gauges: how many tasks of each run and name are running, and how long
 * the oldest of them has run. Computed from {@link RunningTasks} when a gauge is read, at most once per
 * {@link #MAX_AGE_NANOS} (a scrape reads every gauge within that time), so that a scrape walks the
 * running tasks once and the task path pays nothing for these gauges.
 *
 * <p>Thread-safe: gauges may be read by several scrapes at once; each snapshot is immutable once
 * published.
 */
final class InFlight {

    /** How old a snapshot may be before a gauge read takes a new one. */
    static final long MAX_AGE_NANOS = 50_000_000L;

    private final RunningTasks source;
    private final BoundMeters meters;
    private volatile Snapshot snapshot; // replaced by whichever reader finds it stale

    /** Count and oldest run time of one (run, name). */
    private static final class Stat {
        int count;
        long oldestNanos;
    }

    private record Snapshot(long takenNanos, Map<NameMeters, Stat> stats) {}

    InFlight(RunningTasks source, BoundMeters meters) {
        this.source = source;
        this.meters = meters;
    }

    /** Tasks of these meters' run and name whose body is running. */
    double count(NameMeters m) {
        Stat s = current().stats.get(m);
        return s == null ? 0 : s.count;
    }

    /** How long the oldest running task of these meters' run and name has run, in seconds; 0 if none. */
    double oldestSeconds(NameMeters m) {
        Stat s = current().stats.get(m);
        return s == null ? 0 : s.oldestNanos / 1e9;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (s == null || now - s.takenNanos > MAX_AGE_NANOS) {
            s = take(now);
            snapshot = s;
        }
        return s;
    }

    private Snapshot take(long now) {
        Map<NameMeters, Stat> stats = new HashMap<>();
        source.forEachRunning((runName, taskName, runningNanos) -> {
            NameMeters m = meters.existing(runName, taskName);
            if (m == null) {
                return; // no meters yet: its first event creates them
            }
            Stat s = stats.computeIfAbsent(m, k -> new Stat());
            s.count++;
            s.oldestNanos = Math.max(s.oldestNanos, runningNanos);
        });
        return new Snapshot(now, stats);
    }
}
