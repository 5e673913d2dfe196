package dev.spindle;

import dev.spindle.internal.Blocking;
import dev.spindle.internal.Failures;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Spindle#toThread}: runs blocking or pinning code on a bounded pool of platform threads, as
 * asyncio's default executor ({@code min(32, cpus + 4)} threads, idle ones retire after 30 s). The
 * calling task waits for the job even when it is cancelled: the cancellation interrupts the worker, and
 * the caller returns only once the job has ended, so no job outlives its task. A job cancelled while it
 * still waits for a free worker is dropped and never runs; its caller does not wait for a worker. A job
 * that fails (other than by the interrupt) although its caller was cancelled has its failure thrown, and
 * the caller's cancellation stays pending, as in task groups.
 */
final class ToThread {

    private static final ThreadPoolExecutor POOL;

    static {
        int size = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
        AtomicInteger n = new AtomicInteger();
        POOL = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "spindle-to-thread-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        POOL.allowCoreThreadTimeOut(true);
    }

    private ToThread() {}

    static <T> T call(Callable<T> body) {
        Job<T> job = new Job<>(body);
        POOL.execute(job);
        String previous = Blocking.waitingOn("toThread");
        InterruptedException cancelled = null;
        boolean interruptedAgain = false;
        try {
            job.done.await();
        } catch (InterruptedException e) {
            if (!job.cancel()) {
                POOL.remove(job); // still queued: it will never run, so there is nothing to wait for
                throw Blocking.cancelled(e);
            }
            cancelled = e;
            interruptedAgain = awaitUninterruptibly(job.done);
        } finally {
            Blocking.doneWaiting(previous);
        }
        Throwable failure = job.failure;
        if (cancelled != null) {
            if (failure == null || TaskImpl.isCancellation(failure)) {
                CancellationException thrown = Blocking.cancelled(cancelled);
                if (interruptedAgain) {
                    Thread.currentThread().interrupt(); // another interrupt came meanwhile: keep it
                }
                throw thrown;
            }
            // The job failed (before or after the cancel arrived): as in task groups and gather, the
            // failure wins and the cancellation stays pending for the caller's next blocking call.
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw Failures.unchecked(failure, "toThread");
        }
        return job.result;
    }

    /** Waits for the latch whatever interrupts come; returns whether one came (cleared). */
    private static boolean awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                return interrupted;
            } catch (InterruptedException again) {
                interrupted = true;
            }
        }
    }

    /** One call on a worker. Its monitor guards the worker handshake, so an interrupt never outlives it. */
    private static final class Job<T> implements Runnable {
        private final Callable<T> body;
        final CountDownLatch done = new CountDownLatch(1);
        private Thread worker; // guarded by this
        private boolean started; // guarded by this
        private boolean cancelled; // guarded by this
        T result; // published by done
        Throwable failure; // published by done

        Job(Callable<T> body) {
            this.body = body;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (cancelled) {
                    failure = new InterruptedException("cancelled before it started");
                    done.countDown();
                    return;
                }
                started = true;
                worker = Thread.currentThread();
            }
            try {
                result = body.call();
            } catch (Throwable t) {
                failure = t;
            } finally {
                synchronized (this) {
                    worker = null;
                }
                Thread.interrupted(); // a cancellation that arrived late must not reach the pool's next job
                done.countDown();
            }
        }

        /**
         * Cancels the job: interrupts its worker if it runs; a job that has not started never will.
         *
         * @return whether the body has started (the caller must then wait for {@link #done})
         */
        synchronized boolean cancel() {
            cancelled = true;
            if (worker != null) {
                worker.interrupt();
            }
            return started;
        }
    }
}
