package dev.spindle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A task's clock readings, kept apart from {@link TaskImpl} and made only in a timed run, so that an
 * untimed task carries no timestamps and the fields a joiner reads ({@code state}, {@code result}) sit
 * closer together. The task's own thread writes {@link #startedNanos} before it publishes its
 * {@code RUNNING} state and {@link #endedNanos} before it publishes its final state; readers read the
 * state first.
 */
final class TaskTimes {

    /** When the task was created; 0 in a run without observers (only they want the scheduling delay). */
    final long createdNanos;
    long startedNanos;
    long endedNanos;
    /**
     * What the run's observer returned when the task started, until it finished; the task's own thread
     * only. Kept here because a run with an observer always times its tasks, so untimed tasks carry no
     * field for it.
     */
    Object observerState;

    TaskTimes(long createdNanos) {
        this.createdNanos = createdNanos;
    }

    /** {@link Task#startedAt()}, given the task's state, read before this call. */
    Optional<Instant> startedAt(int state) {
        long started = startedNanos;
        if (state == TaskImpl.NEW || started == 0L) { // 0: cancelled before it started
            return Optional.empty();
        }
        return Optional.of(Instant.now().minusNanos(System.nanoTime() - started));
    }

    /** {@link Task#elapsed()}, given the task's state, read before this call. */
    Duration elapsed(int state) {
        long started = startedNanos;
        if (state == TaskImpl.NEW || started == 0L) {
            return Duration.ZERO;
        }
        long end = state > TaskImpl.RUNNING ? endedNanos : System.nanoTime();
        return Duration.ofNanos(end - started);
    }
}
