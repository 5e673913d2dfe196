package dev.spindle.metrics;

import dev.spindle.TaskView;
import java.time.Duration;

/**
 * The running tasks as core's process-wide view ({@link TaskView#forEachLiveTask}) lists them: every
 * live run's unfinished tasks, walked without taking any lock a task takes, so reading stops no task
 * and costs the task path nothing. A task counts as running once its body has started, which a run
 * shows only when it times its tasks; every run with an observer (these metrics included) does.
 */
final class LiveTaskView implements RunningTasks {

    @Override
    public void forEachRunning(Visitor visitor) {
        TaskView.forEachLiveTask((run, task) -> {
            if (task.isDone()) {
                return; // finished, still running its callbacks
            }
            Duration running = task.elapsed();
            if (!running.isZero()) { // zero: not started yet, or a run that does not time its tasks
                visitor.running(run, TaskNames.tagValue(task), running.toNanos()); // a tag value is its own tag value
            }
        });
    }
}
