package dev.spindle.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The workloads' sizes and the helpers every variant shares, so that Spindle and the baselines do the
 * same work. Every variant's top-level code runs on one virtual thread, as the main task of
 * {@code Spindle.run} does: a virtual thread started from a carrier goes to that carrier's queue,
 * one started from a platform thread to the pool's shared queue, and the two cost differently.
 *
 * <p>Every fork runs with a fixed heap ({@code -Xms2g -Xmx2g}) that the JVM touches page by page as it
 * starts ({@code -XX:+AlwaysPreTouch}). Without that, the first write to each heap page happens in the
 * measurement: in the virtual machines this project runs on, a page first touched costs a trap to the
 * hypervisor, and a W1 operation took 50 to 290 ms, swinging from one iteration to the next, where it
 * takes a steady 25 to 33 ms once the heap is touched (2026-12-02, two carriers). Those swings were the
 * "slow spells" earlier runs saw: they fell on whatever variant ran while the young generation grew.
 */
final class Workloads {

    /** W1, W2, M1: how many tasks. */
    static final int TASKS = 100_000;
    /** W2: how long each task sleeps, in milliseconds. */
    static final long SLEEP_MILLIS = 100;
    /** W3: children per task. */
    static final int FAN_OUT = 10;
    /** W3: depth of the leaves (the root is depth 0): 1 + 10 + ... + 10^5 = 111,111 tasks. */
    static final int DEPTH = 5;
    /** W3: how many leaves, each returning 1. */
    static final int LEAVES = 100_000;
    /** W4: round trips of the counter. */
    static final int ROUND_TRIPS = 100_000;
    /** W5: how many tasks. */
    static final int MILLION = 1_000_000;
    /** W5: how long each task sleeps, in milliseconds. */
    static final long MILLION_SLEEP_MILLIS = 1_000;

    private Workloads() {}

    /** W1: the sum of the task results {@code 0 + 1 + ... + (TASKS - 1)}. */
    static long expectedSpawnSum() {
        return (long) TASKS * (TASKS - 1) / 2;
    }

    /** Fails the benchmark if a variant computed the wrong thing. */
    static long check(long actual, long expected) {
        if (actual != expected) {
            throw new AssertionError("expected " + expected + " but the workload computed " + actual);
        }
        return actual;
    }

    /** Runs {@code body} on a new virtual thread and waits for its result. */
    static <T> T inVirtualThread(Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                result.set(body.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join();
        Throwable e = failure.get();
        if (e instanceof Exception ex) {
            throw ex;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return result.get();
    }

    /** Sleeps {@link #SLEEP_MILLIS} inside a JDK {@code Runnable}, where no checked exception may escape. */
    static void sleepUninterruptibly() {
        sleepUninterruptiblyFor(SLEEP_MILLIS);
    }

    /** Sleeps {@code millis} inside a JDK {@code Runnable}, where no checked exception may escape. */
    static void sleepUninterruptiblyFor(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("a benchmark task was interrupted", e);
        }
    }

    /** The heap in use after two full collections (the second frees what the first's finalization let go). */
    static long settledHeapUsed() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
