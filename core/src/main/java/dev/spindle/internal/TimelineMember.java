package dev.spindle.internal;

/**
 * A thread of a run with virtual time, as its {@link VirtualTimeline} sees it. Every field but
 * {@link #state} is guarded by the timeline's lock; {@link #state} is also read, without the lock, by the
 * member's own thread while it is parked.
 */
final class TimelineMember {

    static final int RUNNING = 0;
    static final int PARKED = 1;

    final Thread thread;
    final String name;
    /** Its task's creation order in the run: the tie order of its entries without a seed. */
    final int index;
    volatile int state = RUNNING;
    /** An unpark that came while it was running: its next park returns at once. */
    boolean permit;
    /** Inside {@code advance}: counted as idle, though its state stays running. */
    boolean controlling;
    /** Its timed wait while parked with a deadline. */
    TimelineEntry entry;
    /** How many timed waits and deadlines it has begun: part of its seeded tie order. */
    int waits;

    TimelineMember(Thread thread, String name, int index) {
        this.thread = thread;
        this.name = name;
        this.index = index;
    }

    /** The tie order of its next timed wait or deadline: its creation order, or a mix of it with a seed. */
    long nextTie(Long seed) {
        int begun = waits++;
        if (seed == null) {
            return index;
        }
        long z = seed ^ (index * 0x9E3779B97F4A7C15L) ^ (begun * 0xC2B2AE3D27D4EB4FL);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L; // SplitMix64's finalizer
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Its name, its thread's state and the JDK call it is in, with the code that called it, e.g.
     * {@code "poller (TIMED_WAITING in java.lang.Thread.sleep, from com.example.Poller.run(Poller.java:12))"}.
     */
    String describe() {
        return name + " (" + where(thread) + ")";
    }

    private static String where(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        String state = t.getState().toString();
        if (stack.length == 0) {
            return state;
        }
        int user = 0;
        while (user < stack.length && isJdk(stack[user].getClassName())) {
            user++;
        }
        if (user == stack.length) {
            return state + " in " + frame(stack[0]);
        }
        return user == 0 ? state + " in " + stack[0] : state + " in " + frame(stack[user - 1]) + ", from " + stack[user];
    }

    private static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.");
    }

    private static String frame(StackTraceElement e) {
        return e.getClassName() + "." + e.getMethodName();
    }
}
