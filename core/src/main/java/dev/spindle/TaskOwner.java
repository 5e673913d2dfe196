package dev.spindle;

import dev.spindle.engine.EngineScope;
import java.time.Instant;

/**
 * What owns a task: its run ({@link RunScope}, for the main task and {@code createTask}) or the task
 * group or gather it was started in ({@link TaskGroupImpl}). Calls go one way: a task asks its owner
 * where to start and which deadline it inherits, and tells it when it has finished; the owner changes
 * the task only through the task's own methods.
 */
sealed interface TaskOwner permits RunScope, TaskGroupImpl {

    /** The engine scope the owner's tasks start in. */
    EngineScope engineScope();

    /** The deadline the owner's tasks inherit as they are created, or {@code null}. */
    Instant deadline();

    /**
     * Told by a task's own thread once the task has finished, run its callbacks and told its observer,
     * before it wakes its joiners.
     */
    void childFinished(TaskImpl<?> task);
}
