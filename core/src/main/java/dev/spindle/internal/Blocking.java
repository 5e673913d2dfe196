package dev.spindle.internal;

import java.util.concurrent.CancellationException;

/**
 * How Spindle's blocking calls (its own and those of {@code dev.spindle.sync}) turn an interrupt into
 * a cancellation, say what a task is waiting on, and wait for ending threads. Not part of the API: this
 * package is exported only to Spindle's own modules.
 *
 * <p>All methods act on the calling thread and are safe to call from any thread, inside a run or not.
 */
public final class Blocking {

    private static volatile TaskAccess access;

    private Blocking() {}

    /**
     * What {@code dev.spindle} lends this class: the calling thread's task, if any. Installed once by
     * the task implementation when it loads.
     */
    public interface TaskAccess {
        /**
         * Describes why the calling thread's task is being cancelled and marks the cancellation delivered.
         *
         * @return the message for the {@link CancellationException}, or {@code null} if the thread runs no task
         */
        String cancellationDelivered();

        /**
         * Records what the calling thread's task waits on.
         *
         * @param what a description such as {@code "Queue 'jobs'"}, or {@code null} when it stops waiting
         * @return the previous description, to restore afterwards
         */
        String waitingOn(String what);
    }

    /**
     * Installs the access; called by {@code dev.spindle} only.
     *
     * @param taskAccess the access
     */
    public static void install(TaskAccess taskAccess) {
        access = taskAccess;
    }

    /**
     * Turns an interrupt caught in a blocking call into the {@link CancellationException} that call
     * throws. In a task the interrupt is the cancellation itself and is consumed; on any other thread
     * the interrupt status is restored, so that it is not lost.
     *
     * @param cause the interrupt
     * @return the exception to throw
     */
    public static CancellationException cancelled(InterruptedException cause) {
        TaskAccess a = access;
        String message = a == null ? null : a.cancellationDelivered();
        if (message == null) {
            Thread.currentThread().interrupt();
            message = "interrupted while blocked in a Spindle call";
        }
        CancellationException e = new CancellationException(message);
        e.initCause(cause);
        return e;
    }

    /**
     * Throws a cancellation if the calling thread has been interrupted (its task cancelled); otherwise
     * returns. Blocking calls use it before they block and non-blocking ones where they yield.
     *
     * @throws CancellationException if the thread was interrupted; the interrupt is consumed as in
     *     {@link #cancelled(InterruptedException)}
     */
    public static void checkCancelled() {
        if (Thread.interrupted()) {
            throw cancelled(new InterruptedException());
        }
    }

    /**
     * Records that the calling thread's task starts waiting on {@code what}, for task dumps.
     *
     * @param what a description such as {@code "Queue 'jobs'"}
     * @return the previous description, for {@link #doneWaiting(String)}
     */
    public static String waitingOn(String what) {
        TaskAccess a = access;
        return a == null ? null : a.waitingOn(what);
    }

    /**
     * Records that the calling thread's task stopped waiting.
     *
     * @param previous what {@link #waitingOn(String)} returned
     */
    public static void doneWaiting(String previous) {
        TaskAccess a = access;
        if (a != null) {
            a.waitingOn(previous);
        }
    }

    /**
     * Waits for {@code thread} to end, ignoring interrupts; does nothing for {@code null} or the calling
     * thread. For Spindle's own waits on threads that are ending (a run's shutdown, an engine's scope).
     *
     * @param thread the thread to wait for, or {@code null}
     * @return whether the caller was interrupted meanwhile (the interrupt is not restored)
     */
    public static boolean joinQuietly(Thread thread) {
        if (thread == null || thread == Thread.currentThread()) {
            return false;
        }
        boolean interrupted = false;
        for (;;) {
            try {
                thread.join();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }
}
