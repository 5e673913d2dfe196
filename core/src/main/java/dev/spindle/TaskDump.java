package dev.spindle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task tree of a run, as text or JSON: each unfinished task's name, state, thread id (to find it in a
 * JDK thread dump, where the threads of unnamed tasks are unnamed), run time (in a run that times
 * its tasks), deadline and time left, what it waits on, and its children (the tasks it created that
 * are still running). Taken without stopping anything, so it is a best-effort snapshot.
 */
final class TaskDump {

    private final String runName;
    private final boolean timed;
    /** The run's own time, which its deadlines are on: virtual in a run with virtual time. */
    private final Instant now;
    private final List<TaskImpl<?>> roots = new ArrayList<>();
    private final Map<TaskImpl<?>, List<TaskImpl<?>>> children = new HashMap<>();

    TaskDump(RunScope run) {
        this.runName = run.name;
        this.now = run.timeline == null ? Instant.now() : run.timeline.now();
        this.timed = run.timed;
        Set<TaskImpl<?>> live = run.liveTasks();
        for (TaskImpl<?> t : live) {
            TaskImpl<?> p = t.parent;
            if (p == null || !live.contains(p)) {
                roots.add(t);
            } else {
                children.computeIfAbsent(p, k -> new ArrayList<>()).add(t);
            }
        }
        Comparator<TaskImpl<?>> byId = Comparator.comparingLong(TaskImpl::id);
        roots.sort(byId);
        children.values().forEach(l -> l.sort(byId));
    }

    String text() {
        StringBuilder sb = new StringBuilder("Run '").append(runName).append("': ");
        sb.append(count()).append(" unfinished task(s)\n");
        for (TaskImpl<?> t : roots) {
            text(sb, t, "");
        }
        return sb.toString();
    }

    private int count() {
        return roots.size() + children.values().stream().mapToInt(List::size).sum();
    }

    private void text(StringBuilder sb, TaskImpl<?> t, String indent) {
        sb.append(indent).append("- ").append(t.name()).append(" #").append(t.id()).append(' ').append(stateOf(t));
        Thread thread = t.threadForUnpark();
        if (thread != null) { // matches the task to its thread in a JDK thread dump, where most are unnamed
            sb.append(", thread ").append(thread.threadId());
        }
        if (timed) {
            sb.append(", running ").append(millis(t.elapsed())).append(" ms");
        }
        Instant deadline = deadlineOf(t);
        if (deadline != null) {
            sb.append(", deadline ").append(deadline).append(" (").append(millis(Duration.between(now, deadline)))
                    .append(" ms left)");
        }
        Object waitingOn = t.waitingOn();
        String waiting = waitingOn == null ? null : TaskImpl.describeWait(waitingOn);
        if (waiting != null) {
            sb.append(", waiting on ").append(waiting);
        }
        sb.append('\n');
        for (TaskImpl<?> c : children.getOrDefault(t, List.of())) {
            text(sb, c, indent + "  ");
        }
    }

    String json() {
        StringBuilder sb = new StringBuilder("{\"run\":");
        quote(sb, runName);
        sb.append(",\"time\":");
        quote(sb, now.toString());
        sb.append(",\"tasks\":[");
        appendAll(sb, roots);
        return sb.append("]}").toString();
    }

    private void appendAll(StringBuilder sb, List<TaskImpl<?>> tasks) {
        for (int i = 0; i < tasks.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            json(sb, tasks.get(i));
        }
    }

    private void json(StringBuilder sb, TaskImpl<?> t) {
        sb.append("{\"id\":").append(t.id()).append(",\"name\":");
        quote(sb, t.name());
        sb.append(",\"state\":");
        quote(sb, stateOf(t));
        Thread thread = t.threadForUnpark();
        if (thread != null) {
            sb.append(",\"threadId\":").append(thread.threadId());
        }
        if (timed) {
            sb.append(",\"elapsedMillis\":").append(millis(t.elapsed()));
        }
        Instant deadline = deadlineOf(t);
        if (deadline != null) {
            sb.append(",\"deadline\":");
            quote(sb, deadline.toString());
            sb.append(",\"timeLeftMillis\":").append(millis(Duration.between(now, deadline)));
        }
        Object waitingOn = t.waitingOn();
        String waiting = waitingOn == null ? null : TaskImpl.describeWait(waitingOn);
        if (waiting != null) {
            sb.append(",\"waitingOn\":");
            quote(sb, waiting);
        }
        sb.append(",\"children\":[");
        appendAll(sb, children.getOrDefault(t, List.of()));
        sb.append("]}");
    }

    static String stateOf(TaskImpl<?> t) {
        return switch (t.rawState()) {
            case TaskImpl.NEW -> t.cancelRequested() ? "CANCELLING" : "STARTING";
            case TaskImpl.RUNNING -> t.cancelRequested() ? "CANCELLING" : "RUNNING";
            default -> t.state().name();
        };
    }

    static Instant deadlineOf(TaskImpl<?> t) {
        return t.currentDeadline();
    }

    private static long millis(Duration d) {
        return d.toMillis();
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
