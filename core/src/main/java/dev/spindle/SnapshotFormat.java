package dev.spindle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The JSON, tree-text and table renderings of a {@link ProcessSnapshot}. */
final class SnapshotFormat {

    private SnapshotFormat() {}

    // ---------------------------------------------------------------- JSON

    static String json(ProcessSnapshot s) {
        StringBuilder sb = new StringBuilder(256).append("{\"schema\":");
        TaskDump.quote(sb, ProcessSnapshot.JSON_SCHEMA);
        sb.append(",\"time\":");
        TaskDump.quote(sb, s.time().toString());
        sb.append(",\"pid\":").append(s.pid()).append(",\"runs\":[");
        for (int i = 0; i < s.runs().size(); i++) {
            RunSnapshot r = s.runs().get(i);
            sb.append(i > 0 ? ",{" : "{").append("\"id\":").append(r.id()).append(",\"name\":");
            TaskDump.quote(sb, r.name());
            sb.append(",\"startedAt\":");
            TaskDump.quote(sb, r.startedAt().toString());
            sb.append(",\"ageMillis\":").append(r.age().toMillis()).append(",\"timed\":").append(r.timed())
                    .append(",\"taskCount\":").append(r.taskCount());
            if (r.omittedTasks() > 0) {
                sb.append(",\"omittedTasks\":").append(r.omittedTasks());
            }
            sb.append(",\"tasks\":");
            tasks(sb, r.tasks());
            sb.append('}');
        }
        sb.append("],\"ended\":[");
        for (int i = 0; i < s.ended().size(); i++) {
            ended(sb.append(i > 0 ? "," : ""), s.ended().get(i));
        }
        return sb.append("]}").toString();
    }

    private static void tasks(StringBuilder sb, List<TaskSnapshot> tasks) {
        sb.append('[');
        for (int i = 0; i < tasks.size(); i++) {
            TaskSnapshot t = tasks.get(i);
            sb.append(i > 0 ? ",{" : "{").append("\"id\":").append(t.id()).append(",\"name\":");
            TaskDump.quote(sb, t.name());
            sb.append(",\"state\":");
            TaskDump.quote(sb, t.state());
            if (t.parentId() != null) {
                sb.append(",\"parentId\":").append(t.parentId());
            }
            if (t.threadId() >= 0) {
                sb.append(",\"threadId\":").append(t.threadId());
            }
            optionalInstant(sb, "startedAt", t.startedAt());
            optionalMillis(sb, "ageMillis", t.age());
            optionalInstant(sb, "deadline", t.deadline());
            optionalMillis(sb, "timeLeftMillis", t.timeLeft());
            if (t.waitingOn() != null) {
                sb.append(",\"waitingOn\":");
                TaskDump.quote(sb, t.waitingOn());
            }
            sb.append(",\"children\":");
            tasks(sb, t.children());
            sb.append('}');
        }
        sb.append(']');
    }

    private static void ended(StringBuilder sb, EndedSnapshot e) {
        sb.append("{\"kind\":");
        TaskDump.quote(sb, e.kind());
        sb.append(",\"run\":");
        TaskDump.quote(sb, e.run());
        sb.append(",\"id\":").append(e.id()).append(",\"name\":");
        TaskDump.quote(sb, e.name());
        sb.append(",\"outcome\":");
        TaskDump.quote(sb, e.outcome());
        sb.append(",\"reasons\":[");
        for (int i = 0; i < e.reasons().size(); i++) {
            TaskDump.quote(sb.append(i > 0 ? "," : ""), e.reasons().get(i));
        }
        sb.append(']');
        optionalMillis(sb, "ranMillis", e.ranFor());
        optionalInstant(sb, "endedAt", e.endedAt());
        if (e.kind().equals("run")) {
            sb.append(",\"cancelledAtShutdown\":").append(e.cancelledAtShutdown());
        }
        sb.append('}');
    }

    private static void optionalInstant(StringBuilder sb, String key, Instant value) {
        if (value != null) {
            sb.append(",\"").append(key).append("\":");
            TaskDump.quote(sb, value.toString());
        }
    }

    private static void optionalMillis(StringBuilder sb, String key, Duration value) {
        if (value != null) {
            sb.append(",\"").append(key).append("\":").append(value.toMillis());
        }
    }

    // ---------------------------------------------------------------- text

    static String text(ProcessSnapshot s) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("Spindle tasks of process ").append(s.pid()).append(" at ").append(s.time()).append(": ")
                .append(s.runs().size()).append(" live run(s), ").append(s.taskCount()).append(" unfinished task(s)\n");
        for (RunSnapshot r : s.runs()) {
            sb.append("Run '").append(r.name()).append("' #").append(r.id()).append(", running ")
                    .append(r.age().toMillis()).append(" ms").append(r.timed() ? "" : " (tasks untimed)").append(": ")
                    .append(r.taskCount()).append(" unfinished task(s)\n");
            for (TaskSnapshot t : r.tasks()) {
                tree(sb, t, "  ");
            }
            if (r.omittedTasks() > 0) {
                sb.append("  ... and ").append(r.omittedTasks()).append(" more task(s) left out\n");
            }
        }
        endedText(sb, s.ended());
        return sb.toString();
    }

    private static void tree(StringBuilder sb, TaskSnapshot t, String indent) {
        sb.append(indent).append("- ").append(t.name()).append(" #").append(t.id()).append(' ').append(t.state());
        if (t.threadId() >= 0) {
            sb.append(", thread ").append(t.threadId());
        }
        if (t.age() != null) {
            sb.append(", running ").append(t.age().toMillis()).append(" ms");
        }
        if (t.deadline() != null) {
            sb.append(", deadline ").append(t.deadline()).append(" (").append(t.timeLeft().toMillis())
                    .append(" ms left)");
        }
        if (t.waitingOn() != null) {
            sb.append(", waiting on ").append(t.waitingOn());
        }
        sb.append('\n');
        for (TaskSnapshot c : t.children()) {
            tree(sb, c, indent + "  ");
        }
    }

    private static void endedText(StringBuilder sb, List<EndedSnapshot> ended) {
        if (ended.isEmpty()) {
            return;
        }
        sb.append("Recently ended (newest first):\n");
        for (EndedSnapshot e : ended) {
            sb.append("  - ").append(e.kind()).append(" '").append(e.name()).append("' #").append(e.id());
            if (e.kind().equals("task")) {
                sb.append(" of run '").append(e.run()).append('\'');
            }
            sb.append(' ').append(e.outcome());
            if (e.ranFor() != null) {
                sb.append(" after ").append(e.ranFor().toMillis()).append(" ms");
            }
            sb.append(" at ").append(e.endedAt()).append(": ").append(String.join(" <- ", e.reasons()));
            if (e.cancelledAtShutdown() > 0) {
                sb.append("; cancelled ").append(e.cancelledAtShutdown()).append(" task(s) left running");
            }
            sb.append('\n');
        }
    }

    // ---------------------------------------------------------------- table

    static String table(ProcessSnapshot s) {
        StringBuilder sb = new StringBuilder(256);
        row(sb, "RUN", "TASK ID", "PARENT", "NAME", "STATE", "THREAD", "AGE MS", "LEFT MS", "WAITING ON");
        for (RunSnapshot r : s.runs()) {
            for (TaskSnapshot t : r.tasks()) {
                tableRows(sb, r.name(), t);
            }
        }
        endedText(sb, s.ended());
        return sb.toString();
    }

    private static void tableRows(StringBuilder sb, String run, TaskSnapshot t) {
        row(sb, run, Long.toString(t.id()), t.parentId() == null ? "-" : t.parentId().toString(), t.name(), t.state(),
                t.threadId() < 0 ? "-" : Long.toString(t.threadId()), t.age() == null ? "-" : Long.toString(t.age().toMillis()),
                t.timeLeft() == null ? "-" : Long.toString(t.timeLeft().toMillis()),
                t.waitingOn() == null ? "-" : t.waitingOn());
        for (TaskSnapshot c : t.children()) {
            tableRows(sb, run, c);
        }
    }

    private static void row(StringBuilder sb, String run, String id, String parent, String name, String state,
            String thread, String age, String left, String waiting) {
        sb.append(String.format("%-16s %8s %8s %-24s %-10s %7s %8s %8s %s%n", run, id, parent, name, state, thread, age,
                left, waiting));
    }
}
