package dev.spindle;

import dev.spindle.internal.Blocking;
import dev.spindle.internal.Failures;
import java.util.concurrent.Callable;
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
 * still waits for a free worker is dropped and never runs; its caller does not wait for a worker.
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
        try {
            job.done.await();
        } catch (InterruptedException e) {
            if (!job.cancel()) {
                POOL.remove(job); // still queued: it will never run, so there is nothing to wait for
                throw Blocking.cancelled(e);
            }
            boolean again = false;
            while (true) {
                try {
                    job.done.await();
                    break;
                } catch (InterruptedException ignored) {
                    again = true;
                }
            }
            if (again) {
                Thread.currentThread().interrupt();
            }
            throw Blocking.cancelled(e);
        } finally {
            Blocking.doneWaiting(previous);
        }
        if (job.failure != null) {
            throw Failures.unchecked(job.failure, "toThread");
        }
        return job.result;
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
