package dev.spindle;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link GracefulShutdown#shutdown(Duration)} did: how many runs it cancelled, how long it waited,
 * and the tasks still running when the grace ran out (their threads were then interrupted and nobody
 * waited for them any longer).
 *
 * @param endedAt when the shutdown stopped waiting
 * @param grace the grace budget it was given
 * @param waited how long it waited for the runs to end
 * @param runsCancelled how many live runs' main tasks it cancelled
 * @param stragglers the tasks still running when it stopped waiting, run by run, each tree in pre-order
 * @since 0.1.0
 */
public record ShutdownReport(Instant endedAt, Duration grace, Duration waited, int runsCancelled,
        List<Straggler> stragglers) {

    /**
     * Checks the components and copies {@code stragglers}.
     *
     * @throws NullPointerException if a component is {@code null}
     */
    public ShutdownReport {
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(waited, "waited");
        stragglers = List.copyOf(Objects.requireNonNull(stragglers, "stragglers"));
    }

    /**
     * A task that was still running when the grace ran out.
     *
     * @param run the name of its run
     * @param runAge how long its run had been running
     * @param taskId the task's id
     * @param task the task's name
     * @param state its state ({@code RUNNING}, {@code CANCELLING}...), as {@link TaskSnapshot#state()}
     * @param age how long its body had run, or {@code null} in a run that does not time its tasks
     * @param waitingOn what it was blocked on, or {@code null} when not in a Spindle wait
     * @since 0.1.0
     */
    public record Straggler(String run, Duration runAge, long taskId, String task, String state, Duration age,
            String waitingOn) {

        /**
         * Checks the required components.
         *
         * @throws NullPointerException if {@code run}, {@code runAge}, {@code task} or {@code state} is
         *     {@code null}
         */
        public Straggler {
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(runAge, "runAge");
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * Whether every run ended within the grace.
     *
     * @return {@code true} if no task was left running
     */
    public boolean isClean() {
        return stragglers.isEmpty();
    }

    /**
     * The report as the log shows it: one line when clean, else a line per run and per task.
     *
     * @return the text
     */
    public String toText() {
        if (isClean()) {
            return "Spindle shutdown: cancelled " + runsCancelled + " run(s); all ended within " + millis(waited)
                    + " (grace " + millis(grace) + ")";
        }
        Map<String, List<Straggler>> byRun = new LinkedHashMap<>();
        for (Straggler s : stragglers) {
            byRun.computeIfAbsent(s.run() + "\u0000" + millis(s.runAge()), k -> new java.util.ArrayList<>()).add(s);
        }
        StringBuilder b = new StringBuilder("Spindle shutdown: cancelled ").append(runsCancelled)
                .append(" run(s); after the grace of ").append(millis(grace)).append(", ").append(stragglers.size())
                .append(" task(s) in ").append(byRun.size())
                .append(" run(s) were still running; their threads were interrupted and no longer waited for:");
        for (Map.Entry<String, List<Straggler>> run : byRun.entrySet()) {
            Straggler first = run.getValue().get(0);
            b.append("\n  run '").append(first.run()).append("' (running for ").append(millis(first.runAge()))
                    .append(")");
            for (Straggler s : run.getValue()) {
                b.append("\n    task '").append(s.task()).append("' #").append(s.taskId()).append(' ')
                        .append(s.state()).append(", age ")
                        .append(s.age() == null ? "unknown (untimed run)" : millis(s.age()))
                        .append(", waiting on ").append(s.waitingOn() == null ? "nothing Spindle knows" : s.waitingOn());
            }
        }
        return b.toString();
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }
}
