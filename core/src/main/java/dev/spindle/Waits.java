package dev.spindle;

import dev.spindle.internal.Blocking;
import dev.spindle.internal.Nanos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@link Spindle#waitTasks} and {@link Spindle#waitFor}, and the argument check every wait over tasks
 * shares. The facade has checked the arguments; every method runs in the calling task.
 */
final class Waits {

    private Waits() {}

    /**
     * Checks a collection of tasks: not {@code null}, no {@code null} element (the message names its
     * index), the caller not among them unless finished. With {@code distinct}, a task given twice is kept once.
     */
    static List<TaskImpl<?>> checkTasks(Collection<? extends Task<?>> tasks, boolean distinct) {
        Objects.requireNonNull(tasks, "tasks");
        List<TaskImpl<?>> list = new ArrayList<>(tasks.size());
        Set<Task<?>> seen = distinct ? Collections.newSetFromMap(new IdentityHashMap<>()) : null;
        int i = 0;
        for (Task<?> t : tasks) {
            requireElement(t, "tasks", i++);
            if (seen == null || seen.add(t)) {
                list.add((TaskImpl<?>) t);
            }
        }
        TaskImpl<?> current = TaskImpl.current();
        for (TaskImpl<?> t : list) {
            ensureNotSelf(t, current);
        }
        return list;
    }

    /** A task may wait for itself only once it has finished (its own done callback may). */
    static void ensureNotSelf(TaskImpl<?> task, TaskImpl<?> current) {
        if (task == current && !task.isFinished()) {
            throw new IllegalStateException("Task '" + task.name() + "' cannot wait for itself");
        }
    }

    /** Checks an array of bodies for {@code gather} and {@code gatherSettled}: neither it nor an element is {@code null}. */
    static void checkBodies(Callable<?>[] bodies) {
        Objects.requireNonNull(bodies, "bodies");
        for (int i = 0; i < bodies.length; i++) {
            requireElement(bodies[i], "bodies", i);
        }
    }

    /** {@code Objects.requireNonNull} for an element, without building its message unless it throws. */
    static void requireElement(Object element, String what, int index) {
        if (element == null) {
            throw new NullPointerException(what + "[" + index + "]");
        }
    }

    static void cancelAll(List<TaskImpl<?>> tasks, EndReason why) {
        for (TaskImpl<?> t : tasks) {
            t.requestCancel(why);
        }
    }

    /** asyncio's {@code wait}: the split when {@code returnWhen} holds or the time is up; cancels nothing. */
    @SuppressWarnings("unchecked")
    static <T> Done<T> waitTasks(List<TaskImpl<?>> list, ReturnWhen returnWhen, Duration timeout) {
        long deadline = timeout == null ? 0L : Nanos.deadline(Nanos.of(timeout));
        List<Task<T>> done = new ArrayList<>();
        Completions completions = new Completions(list);
        String previous = Blocking.waitingOn("waitTasks");
        try {
            while (done.size() < list.size()) {
                TaskImpl<?> t = completions.next(timeout != null, deadline);
                if (t == null) {
                    break;
                }
                done.add((Task<T>) t);
                if (returnWhen == ReturnWhen.FIRST_COMPLETED
                        || (returnWhen == ReturnWhen.FIRST_EXCEPTION && t.rawState() == TaskImpl.FAILED)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            throw Blocking.cancelled(e);
        } finally {
            Blocking.doneWaiting(previous);
            completions.close();
        }
        // Whatever is done at return is in done (asyncio splits by done()): tasks that finished while
        // this call returned, or had finished before it, beyond the one that met the condition.
        for (TaskImpl<?> t; (t = completions.poll()) != null; ) {
            done.add((Task<T>) t);
        }
        List<Task<T>> pending = new ArrayList<>();
        Set<Task<T>> doneSet = Collections.newSetFromMap(new IdentityHashMap<>());
        doneSet.addAll(done);
        for (TaskImpl<?> t : list) {
            if (doneSet.contains(t)) {
                continue;
            }
            if (t.isFinished()) {
                done.add((Task<T>) t); // finished, its listener not yet run
            } else {
                pending.add((Task<T>) t);
            }
        }
        return new Done<>(done, pending);
    }

    /** asyncio's {@code wait_for}: the task's result, cancelling and awaiting it at the deadline. */
    static <T> T waitFor(TaskImpl<T> t, Duration timeout) {
        boolean done;
        String previous = Blocking.waitingOn("task '" + t.name() + "'");
        try {
            done = t.awaitDone(true, Nanos.of(timeout));
        } catch (InterruptedException e) {
            t.requestCancel(new EndReason.ScopeCancelled("waitFor (its caller was cancelled)"));
            t.awaitDoneUninterruptibly();
            Thread.interrupted();
            if (t.rawState() == TaskImpl.FAILED) {
                // It failed while being cancelled: as in task groups, the failure wins and the caller's
                // cancellation stays pending for its next blocking call.
                Thread.currentThread().interrupt();
                return t.report();
            }
            throw Blocking.cancelled(e);
        } finally {
            Blocking.doneWaiting(previous);
        }
        if (!done) {
            t.requestCancel(new EndReason.DeadlineExceeded("waitFor(" + timeout + ")"));
            t.awaitDoneUninterruptibly();
            // No cause: the cancellation happened in the other task, so there is no exception here to chain.
            DeadlineExceededException expired = new DeadlineExceededException("waitFor(" + timeout
                    + ") expired before task '" + t.name() + "' finished; it was cancelled", null);
            Throwable failure = t.failureOrNull();
            if (failure == null) {
                throw expired;
            }
            // It failed while being cancelled: its failure is thrown (asyncio re-raises it), the deadline
            // attached as suppressed, as timeout() does with a body that turns the cancellation into a failure.
            failure.addSuppressed(expired);
        }
        return t.report();
    }
}
