package dev.spindle;

import dev.spindle.internal.Blocking;

/**
 * What {@code dev.spindle} lends {@link Blocking} (and through it {@code dev.spindle.sync}): the calling
 * thread's task, to deliver its cancellation and record what it waits on. Installed once, by
 * {@link TaskImpl} as it loads. Stateless and thread-safe; each call acts on the calling thread's task.
 */
final class CurrentTaskAccess implements Blocking.TaskAccess {

    @Override
    public String cancellationDelivered() {
        TaskImpl<?> t = TaskImpl.current();
        return t == null ? null : t.markCancellationDelivered();
    }

    @Override
    public String waitingOn(String what) {
        TaskImpl<?> t = TaskImpl.current();
        if (t == null) {
            return null;
        }
        Object previous = t.swapWaitingOn(what);
        return previous == null ? null : TaskImpl.describeWait(previous);
    }
}
