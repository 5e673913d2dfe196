package dev.spindle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds a {@link RunSnapshot} from a live run's unfinished tasks, grouped under their parents. */
final class TaskTrees {

    private static final Comparator<TaskImpl<?>> BY_ID = Comparator.comparingLong(TaskImpl::id);

    private final Instant now;
    private final boolean timed;
    private final Map<TaskImpl<?>, List<TaskImpl<?>>> children = new HashMap<>();

    private TaskTrees(Instant now, boolean timed) {
        this.now = now;
        this.timed = timed;
    }

    static RunSnapshot of(LiveRuns.Entry entry, Instant now) {
        RunScope run = entry.run;
        TaskTrees trees = new TaskTrees(now, run.timed);
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
        return new RunSnapshot(entry.id, run.name, entry.startedAt, age.isNegative() ? Duration.ZERO : age, run.timed,
                trees.snapshots(roots));
    }

    private List<TaskSnapshot> snapshots(List<TaskImpl<?>> tasks) {
        tasks.sort(BY_ID);
        List<TaskSnapshot> out = new ArrayList<>(tasks.size());
        for (TaskImpl<?> t : tasks) {
            out.add(snapshot(t));
        }
        return out;
    }

    private TaskSnapshot snapshot(TaskImpl<?> t) {
        Thread thread = t.threadForUnpark();
        Instant startedAt = timed ? t.startedAt().orElse(null) : null;
        Duration age = startedAt == null ? null : t.elapsed();
        Instant deadline = TaskDump.deadlineOf(t);
        Duration left = deadline == null ? null : Duration.between(now, deadline);
        Object waitingOn = t.waitingOn;
        return new TaskSnapshot(t.id(), t.name(), TaskDump.stateOf(t), t.parent == null ? null : t.parent.id(),
                thread == null ? -1L : thread.threadId(), startedAt, age, deadline, left,
                waitingOn == null ? null : TaskImpl.describeWait(waitingOn),
                snapshots(children.getOrDefault(t, new ArrayList<>())));
    }
}
