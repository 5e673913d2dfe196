package dev.spindle;

import dev.spindle.internal.FirstRunHook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The process's live runs and its ring of recently ended runs and tasks, behind {@link TaskView}. A run
 * is added as its main task starts and removed when its shutdown has ended, so nothing here outlives
 * a run but its ring entry. The first run of the process also runs the {@link FirstRunHook}s found by
 * {@link ServiceLoader} (the JMX bean of {@code spindle-monitor} registers itself that way).
 */
final class LiveRuns {

    private static final System.Logger LOG = System.getLogger("dev.spindle");
    private static final ConcurrentHashMap<RunScope, Entry> RUNS = new ConcurrentHashMap<>();
    private static final AtomicLong RUN_IDS = new AtomicLong();
    private static final AtomicBoolean HOOKS_RUN = new AtomicBoolean();
    private static final int CAPACITY = capacity();
    /** The ring: slot {@code seq % CAPACITY} holds the entry numbered {@code seq}; any thread writes. */
    private static final AtomicReferenceArray<Ended> RING = new AtomicReferenceArray<>(Math.max(1, CAPACITY));
    private static final AtomicLong ENDED_SEQ = new AtomicLong();

    private LiveRuns() {}

    /** A live run and when it started; immutable. */
    static final class Entry {
        final RunScope run;
        final long id;
        final Instant startedAt;
        final long startedNanos;

        Entry(RunScope run, long id) {
            this.run = run;
            this.id = id;
            this.startedAt = Instant.now();
            this.startedNanos = System.nanoTime();
        }
    }

    /** A ring entry: a task (kept for its reasons, read lazily) or a run, and when it ended. */
    private record Ended(long seq, boolean isRun, TaskImpl<?> task, String runName, long endedAtMillis,
            Duration ranFor, int cancelledAtShutdown) {}

    private static int capacity() {
        String value = System.getProperty(TaskView.ENDED_CAPACITY_PROPERTY);
        if (value == null || value.isBlank()) {
            return TaskView.DEFAULT_ENDED_CAPACITY;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.log(System.Logger.Level.WARNING, "Ignoring -D" + TaskView.ENDED_CAPACITY_PROPERTY + "=" + value
                + ": not a whole number of zero or more; keeping " + TaskView.DEFAULT_ENDED_CAPACITY);
        return TaskView.DEFAULT_ENDED_CAPACITY;
    }

    /** Lists a run whose main task is about to start; the run's calling thread. */
    static void started(RunScope run) {
        RUNS.put(run, new Entry(run, RUN_IDS.incrementAndGet()));
        if (!HOOKS_RUN.get() && HOOKS_RUN.compareAndSet(false, true)) {
            // On a thread of their own: the monitor's hook starts the platform MBean server, which took
            // 0.4-0.9 s and would have delayed the first run's main task by as much.
            Thread.ofPlatform().daemon().name("spindle-first-run-hooks").start(LiveRuns::runFirstRunHooks);
        }
    }

    /** Removes a run whose shutdown has ended and records it in the ring; the run's calling thread. */
    static void ended(RunScope run, TaskImpl<?> mainTask) {
        Entry e = RUNS.remove(run);
        if (e != null && CAPACITY > 0) {
            record(true, mainTask, run.name, Duration.ofNanos(System.nanoTime() - e.startedNanos),
                    run.cancelledAtShutdown());
        }
    }

    /** Removes a run whose main task could not be started; it is not recorded as ended. */
    static void forget(RunScope run) {
        RUNS.remove(run);
    }

    /** Records a task that ended failed or cancelled; its own thread, once its outcome is published. */
    static void taskEnded(TaskImpl<?> task) {
        if (CAPACITY > 0 && task.parent != null) { // a main task is recorded as its run
            record(false, task, task.run.name, null, 0);
        }
    }

    private static void record(boolean isRun, TaskImpl<?> task, String runName, Duration ranFor,
            int cancelledAtShutdown) {
        long seq = ENDED_SEQ.getAndIncrement();
        RING.set((int) (seq % CAPACITY), new Ended(seq, isRun, task, runName, System.currentTimeMillis(), ranFor,
                cancelledAtShutdown));
    }

    static List<Entry> entries() {
        List<Entry> list = new ArrayList<>(RUNS.values());
        list.sort(Comparator.comparingLong(e -> e.id));
        return list;
    }

    static int count() {
        return RUNS.size();
    }

    static int endedCapacity() {
        return CAPACITY;
    }

    /** The ring's entries, most recent first, each with its reasons read now. */
    static List<EndedSnapshot> recentlyEnded() {
        List<Ended> found = new ArrayList<>();
        for (int i = 0; i < CAPACITY; i++) {
            Ended e = RING.get(i);
            if (e != null) {
                found.add(e);
            }
        }
        found.sort(Comparator.comparingLong(Ended::seq).reversed());
        List<EndedSnapshot> out = new ArrayList<>(found.size());
        for (Ended e : found) {
            TaskImpl<?> t = e.task;
            Duration ran = e.isRun ? e.ranFor : t.startedAt().isPresent() ? t.elapsed() : null;
            out.add(new EndedSnapshot(e.isRun ? "run" : "task", e.runName, t.id(), e.isRun ? e.runName : t.name(),
                    t.state().name(), ReasonChain.of(t), ran, Instant.ofEpochMilli(e.endedAtMillis),
                    e.cancelledAtShutdown));
        }
        return out;
    }

    private static void runFirstRunHooks() {
        try {
            for (FirstRunHook hook : ServiceLoader.load(FirstRunHook.class, LiveRuns.class.getClassLoader())) {
                try {
                    hook.firstRunStarted();
                } catch (RuntimeException | LinkageError e) {
                    LOG.log(System.Logger.Level.WARNING, "A Spindle first-run hook (" + hook.getClass().getName()
                            + ") failed; the run goes on without it", e);
                }
            }
        } catch (java.util.ServiceConfigurationError e) {
            LOG.log(System.Logger.Level.WARNING, "Spindle's first-run hooks could not be loaded; the run goes on", e);
        }
    }
}
