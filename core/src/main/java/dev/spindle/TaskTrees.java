package dev.spindle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds a {@link RunSnapshot} from a live run's unfinished tasks, grouped under their parents. */
final class TaskTrees {

    private static final Comparator<TaskImpl<?>> BY_ID = Comparator.comparingLong(TaskImpl::id);

    private final Instant now;
    /** The run's own time, which its deadlines are on: virtual in a run with virtual time. */
    private final Instant runNow;
    private final boolean timed;
    private final Map<TaskImpl<?>, List<TaskImpl<?>>> children = new HashMap<>();
    /** How many more tasks the snapshot may hold. */
    private int budget;

    private TaskTrees(Instant now, Instant runNow, boolean timed, int limit) {
        this.now = now;
        this.runNow = runNow;
        this.timed = timed;
        this.budget = limit;
    }

    /**
     * The run's snapshot with at most {@code limit} tasks: the first ones breadth-first (roots, then their
     * children...), each level by id, so that a limit keeps the top of every tree.
     */
    static RunSnapshot of(LiveRuns.Entry entry, Instant now, int limit) {
        RunScope run = entry.run;
        TaskTrees trees = new TaskTrees(now, run.timeline == null ? now : run.timeline.now(), run.timed, limit);
        Set<TaskImpl<?>> live = run.liveTasks();
        List<TaskImpl<?>> roots = new ArrayList<>();
        for (TaskImpl<?> t : live) {
            TaskImpl<?> p = t.parent;
            if (p == null || !live.contains(p)) {
                roots.add(t);
            } else {
                trees.children.computeIfAbsent(p, k -> new ArrayList<>()).add(t);
            }
        }
        Duration age = Duration.between(entry.startedAt, now);
        Set<TaskImpl<?>> kept = trees.keep(roots);
        List<TaskSnapshot> tasks = trees.snapshots(roots, kept);
        return new RunSnapshot(entry.id, run.name, entry.startedAt, age.isNegative() ? Duration.ZERO : age, run.timed,
                tasks, live.size() - kept.size());
    }

    /** The tasks within the budget, breadth-first from {@code roots}, each level by id. */
    private Set<TaskImpl<?>> keep(List<TaskImpl<?>> roots) {
        Set<TaskImpl<?>> kept = new HashSet<>();
        List<TaskImpl<?>> level = new ArrayList<>(roots);
        while (!level.isEmpty() && budget > 0) {
            level.sort(BY_ID);
            List<TaskImpl<?>> next = new ArrayList<>();
            for (TaskImpl<?> t : level) {
                if (budget == 0) {
                    break;
                }
                budget--;
                kept.add(t);
                next.addAll(children.getOrDefault(t, List.of()));
            }
            level = next;
        }
        return kept;
    }

    private List<TaskSnapshot> snapshots(List<TaskImpl<?>> tasks, Set<TaskImpl<?>> kept) {
        tasks.sort(BY_ID);
        List<TaskSnapshot> out = new ArrayList<>(tasks.size());
        for (TaskImpl<?> t : tasks) {
            if (kept.contains(t)) {
                out.add(snapshot(t, kept));
            }
        }
        return out;
    }

    private TaskSnapshot snapshot(TaskImpl<?> t, Set<TaskImpl<?>> kept) {
        Thread thread = t.threadForUnpark();
        Instant startedAt = timed ? t.startedAt().orElse(null) : null;
        Duration age = startedAt == null ? null : t.elapsed();
        Instant deadline = TaskDump.deadlineOf(t);
        Duration left = deadline == null ? null : Duration.between(runNow, deadline);
        Object waitingOn = t.waitingOn();
        return new TaskSnapshot(t.id(), t.name(), TaskDump.stateOf(t), t.parent == null ? null : t.parent.id(),
                thread == null ? -1L : thread.threadId(), startedAt, age, deadline, left,
                waitingOn == null ? null : TaskImpl.describeWait(waitingOn),
                snapshots(children.getOrDefault(t, new ArrayList<>()), kept));
    }
}
