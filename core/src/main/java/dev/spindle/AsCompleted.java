package dev.spindle;

import dev.spindle.internal.Blocking;
import dev.spindle.internal.Nanos;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * {@link Spindle#asCompleted}: a single-use iterable whose iterator hands out the tasks in the order they
 * finish. Made and used by one task; not thread-safe.
 */
final class AsCompleted<T> implements Iterable<Task<T>> {

    private final List<TaskImpl<?>> tasks;
    private final Duration timeout;
    private final long deadline;
    private final Completions completions;
    private boolean used;

    /** Starts listening at once, so the order counts from the call, not from the first {@code next()}. */
    AsCompleted(List<TaskImpl<?>> tasks, Duration timeout) {
        this.tasks = tasks;
        this.timeout = timeout;
        this.deadline = timeout == null ? 0L : Nanos.deadline(Nanos.of(timeout));
        this.completions = new Completions(tasks);
    }

    @Override
    public Iterator<Task<T>> iterator() {
        if (used) {
            throw new IllegalStateException("asCompleted gives a single-use iterable; call asCompleted again");
        }
        used = true;
        return new InCompletionOrder();
    }

    private final class InCompletionOrder implements Iterator<Task<T>> {
        private int left = tasks.size();

        @Override
        public boolean hasNext() {
            return left > 0;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Task<T> next() {
            if (left == 0) {
                throw new NoSuchElementException("every task has been returned");
            }
            TaskImpl<?> t;
            String previous = Blocking.waitingOn("asCompleted");
            try {
                t = completions.next(timeout != null, deadline);
            } catch (InterruptedException e) {
                throw Blocking.cancelled(e);
            } finally {
                Blocking.doneWaiting(previous);
            }
            if (t == null) {
                completions.close();
                throw new DeadlineExceededException("asCompleted(" + timeout + ") expired with " + left
                        + " task(s) unfinished; they were not cancelled", null);
            }
            if (--left == 0) {
                completions.close();
            }
            return (Task<T>) t;
        }
    }
}
