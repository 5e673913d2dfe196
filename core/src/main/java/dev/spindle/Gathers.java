package dev.spindle;

import dev.spindle.internal.Blocking;
import dev.spindle.internal.Failures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * {@link Spindle#gather} and {@link Spindle#gatherSettled}: over bodies, a task group in
 * {@link TaskGroupImpl.Mode#GATHER} or {@link TaskGroupImpl.Mode#SETTLED} mode; over tasks that already
 * run, a {@link Completions} with the {@link FirstFailure} rule. The facade has checked the arguments;
 * every method runs in the calling task.
 */
final class Gathers {

    private Gathers() {}

    /** Structured gather of bodies: their results in order, or the first failure. */
    static <T> List<T> ofBodies(TaskImpl<?> current, Callable<? extends T>[] bodies) {
        List<TaskImpl<? extends T>> tasks = spawnAll(current, bodies, "gather", TaskGroupImpl.Mode.GATHER);
        List<T> results = new ArrayList<>(tasks.size());
        for (TaskImpl<? extends T> t : tasks) {
            results.add(t.resultNow());
        }
        return Collections.unmodifiableList(results);
    }

    /** Settled gather of bodies: the finished tasks in order, their failures marked retrieved. */
    @SuppressWarnings("unchecked")
    static <T> List<Task<T>> settledOfBodies(TaskImpl<?> current, Callable<? extends T>[] bodies) {
        List<TaskImpl<? extends T>> tasks = spawnAll(current, bodies, "gatherSettled", TaskGroupImpl.Mode.SETTLED);
        List<Task<T>> out = new ArrayList<>(tasks.size());
        for (TaskImpl<? extends T> t : tasks) {
            markFailureRetrieved(t); // handed to the caller
            out.add((Task<T>) t);
        }
        return Collections.unmodifiableList(out);
    }

    private static <T> List<TaskImpl<? extends T>> spawnAll(TaskImpl<?> current, Callable<? extends T>[] bodies,
            String what, TaskGroupImpl.Mode mode) {
        if (bodies.length == 0) {
            return List.of();
        }
        List<TaskImpl<?>> tasks = TaskGroupImpl.execute(current, what + "-" + current.id, mode, group -> {
            TaskGroupImpl impl = (TaskGroupImpl) group;
            List<TaskImpl<?>> started = impl.spawnedChildren(bodies.length); // the group keeps them anyway
            for (Callable<? extends T> body : bodies) {
                if (impl.spawnUnlessEnding(body) == null) {
                    break; // a child failed or was cancelled already: the gather throws that
                }
            }
            return started;
        });
        @SuppressWarnings("unchecked") // each was started from one of the bodies
        List<TaskImpl<? extends T>> typed = (List<TaskImpl<? extends T>>) (List<?>) tasks;
        return typed;
    }

    /** Structured gather of running tasks (a task may come twice): results in order, or the first failure. */
    static <T> List<T> ofTasks(TaskImpl<?> current, List<TaskImpl<?>> list) {
        FirstFailure failures = new FirstFailure();
        TaskImpl<?> firstCancelled = null;
        boolean callerCancelled = false;
        Completions completions = new Completions(list);
        String previous = Blocking.waitingOn("gather");
        try {
            for (int remaining = list.size(); remaining > 0; ) {
                TaskImpl<?> t;
                try {
                    t = completions.next(false, 0L);
                } catch (InterruptedException e) {
                    callerCancelled = true;
                    Waits.cancelAll(list, new EndReason.ScopeCancelled("gather (its caller was cancelled)"));
                    continue;
                }
                remaining--;
                Throwable failure = t.failureOrNull();
                if (failure != null) {
                    t.markRetrieved();
                    if (failures.record(failure)) {
                        Waits.cancelAll(list, new EndReason.SiblingFailed(t));
                    }
                } else if (t.isCancelled() && !failures.any() && firstCancelled == null && !callerCancelled) {
                    firstCancelled = t;
                    Waits.cancelAll(list, new EndReason.ScopeCancelled("gather (task '" + t.name() + "' was cancelled)"));
                }
            }
        } finally {
            Blocking.doneWaiting(previous);
            completions.close();
        }
        Throwable first = failures.firstWithLaterSuppressed();
        if (first != null) {
            if (callerCancelled) {
                current.reassertPendingCancellation(); // the failure wins; the cancellation stays pending
            }
            throw Failures.unchecked(first, "gather");
        }
        if (callerCancelled) {
            throw Blocking.cancelled(new InterruptedException());
        }
        if (firstCancelled != null) {
            throw firstCancelled.cancelledException();
        }
        List<T> results = new ArrayList<>(list.size());
        for (TaskImpl<?> t : list) {
            @SuppressWarnings("unchecked")
            T value = (T) t.resultNow();
            results.add(value);
        }
        return Collections.unmodifiableList(results);
    }

    /** Settled gather of running tasks: waits for each; {@code tasks} is what the caller passed. */
    static <T> List<Task<T>> settledOfTasks(Collection<? extends Task<T>> tasks, List<TaskImpl<?>> list) {
        boolean callerCancelled = false;
        String previous = Blocking.waitingOn("gatherSettled");
        try {
            for (TaskImpl<?> t : list) {
                while (true) {
                    try {
                        t.awaitDone(false, 0L);
                        break;
                    } catch (InterruptedException e) {
                        callerCancelled = true;
                        Waits.cancelAll(list, new EndReason.ScopeCancelled("gatherSettled (its caller was cancelled)"));
                    }
                }
            }
        } finally {
            Blocking.doneWaiting(previous);
        }
        if (callerCancelled) {
            // The tasks were not handed back: their failures go with the cancellation and stay unretrieved.
            CancellationException cancelled = Blocking.cancelled(new InterruptedException());
            Set<Throwable> attached = Collections.newSetFromMap(new IdentityHashMap<>());
            for (TaskImpl<?> t : list) {
                Throwable failure = t.failureOrNull();
                if (failure != null && attached.add(failure)) {
                    cancelled.addSuppressed(failure);
                }
            }
            throw cancelled;
        }
        list.forEach(Gathers::markFailureRetrieved);
        return List.copyOf(tasks);
    }

    private static void markFailureRetrieved(TaskImpl<?> task) {
        if (task.rawState() == TaskImpl.FAILED) {
            task.markRetrieved();
        }
    }
}
