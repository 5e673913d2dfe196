package dev.spindle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Renders why a task ended as a chain read outward: the task's own {@link EndReason}, then what caused
 * it, following the sibling whose failure cancelled it, the owner of the group that was cancelled, or
 * the main task whose end shut the run down, and a failure's own causes. Bounded, and safe on cycles.
 */
final class ReasonChain {

    /** The most entries a chain has; deeper causes are summarised by one last entry. */
    static final int MAX_LENGTH = 8;

    private ReasonChain() {}

    /** One end reason as text, for messages: {@code "deadline of timeout(PT1S) exceeded"}. */
    static String text(EndReason why) {
        return switch (why) {
            case EndReason.Cancelled c -> c.message();
            case EndReason.SiblingFailed s -> "sibling '" + s.sibling().name() + "' failed";
            case EndReason.DeadlineExceeded d -> "deadline of " + d.scope() + " exceeded";
            case EndReason.ScopeCancelled s -> s.scope() + " was cancelled";
            case EndReason.RunShutdown r -> "its run ended";
            case EndReason.Returned r -> "returned";
            case EndReason.Failed f -> "failed: " + f.failure();
        };
    }

    static List<String> of(Task<?> start) {
        List<String> out = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Task<?> task = start;
        String prefix = "";
        while (task != null && seen.add(task) && out.size() < MAX_LENGTH) {
            EndReason why = task.endReason().orElse(null);
            if (why == null) {
                break;
            }
            Task<?> next = null;
            String nextPrefix = "";
            switch (why) {
                case EndReason.Returned r -> out.add(prefix + "returned");
                case EndReason.Failed f -> addFailure(out, prefix, f.failure());
                case EndReason.Cancelled c -> out.add(prefix + ("cancelled".equals(c.message()) ? "cancelled"
                        : "cancelled: " + c.message()));
                case EndReason.DeadlineExceeded d -> out.add(prefix + "cancelled by the deadline of " + d.scope());
                case EndReason.SiblingFailed s -> {
                    out.add(prefix + "cancelled because sibling '" + s.sibling().name() + "' failed");
                    next = s.sibling();
                    nextPrefix = "sibling '" + s.sibling().name() + "' ";
                }
                case EndReason.ScopeCancelled s -> {
                    out.add(prefix + "cancelled: " + s.scope());
                    // the owner's end explains the cancellation only if the owner did not simply return
                    if (task instanceof TaskImpl<?> t && t.owner instanceof TaskGroupImpl g && g.owner().isDone()
                            && g.owner().state() != java.util.concurrent.Future.State.SUCCESS) {
                        next = g.owner();
                        nextPrefix = "its owner '" + next.name() + "' ";
                    }
                }
                case EndReason.RunShutdown r -> {
                    TaskImpl<?> main = task instanceof TaskImpl<?> t ? t.run.mainTask() : null;
                    out.add(prefix + "cancelled at the shutdown of run '"
                            + (task instanceof TaskImpl<?> t ? t.run.name : "?") + "'");
                    next = main;
                    nextPrefix = main == null ? "" : "its main task '" + main.name() + "' ";
                }
            }
            task = next;
            prefix = nextPrefix;
        }
        return List.copyOf(out);
    }

    private static void addFailure(List<String> out, String prefix, Throwable failure) {
        out.add(prefix + "failed: " + failure);
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(failure);
        for (Throwable c = failure.getCause(); c != null && seen.add(c); c = c.getCause()) {
            if (out.size() == MAX_LENGTH - 1) {
                out.add("... more causes");
                return;
            }
            out.add("caused by: " + c);
        }
    }
}
