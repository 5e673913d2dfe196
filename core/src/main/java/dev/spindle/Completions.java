package dev.spindle;

import dev.spindle.internal.Clocks;
import dev.spindle.internal.Nanos;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Hands the tasks of a list to one waiting thread in the order they finish: the engine of
 * {@code gather} over tasks, {@code waitTasks} and {@code asCompleted}. Created by the thread that will
 * wait, which alone calls {@link #next}.
 */
final class Completions {

    private final Thread waiter = Thread.currentThread();
    private final ConcurrentLinkedQueue<TaskImpl<?>> finished = new ConcurrentLinkedQueue<>();
    private final List<? extends TaskImpl<?>> tasks;
    private final Object[] handles;

    Completions(List<? extends TaskImpl<?>> tasks) {
        this.tasks = tasks;
        this.handles = new Object[tasks.size()];
        for (int i = 0; i < handles.length; i++) {
            handles[i] = tasks.get(i).addListener(this::onFinished);
        }
    }

    private void onFinished(TaskImpl<?> task) {
        finished.add(task);
        Clocks.unpark(waiter);
    }

    /**
     * The next task to finish, waiting for it.
     *
     * @param timed whether {@code deadlineNanos} bounds the wait
     * @param deadlineNanos a deadline on the calling thread's clock ({@link Nanos#deadline}), if timed
     * @return the task, or {@code null} at the deadline
     * @throws InterruptedException if the waiting thread is interrupted (cleared)
     */
    TaskImpl<?> next(boolean timed, long deadlineNanos) throws InterruptedException {
        for (;;) {
            TaskImpl<?> t = finished.poll();
            if (t != null) {
                return t;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (!timed) {
                Clocks.park(this);
            } else {
                long left = deadlineNanos - Clocks.nanoTime();
                if (left <= 0L) {
                    return null;
                }
                Clocks.parkNanos(this, left);
            }
        }
    }

    /** The next task that has finished, without waiting; {@code null} if none is waiting to be taken. */
    TaskImpl<?> poll() {
        return finished.poll();
    }

    /** Stops listening to the tasks that have not finished. */
    void close() {
        for (int i = 0; i < handles.length; i++) {
            tasks.get(i).removeListener(handles[i]);
        }
    }

}
