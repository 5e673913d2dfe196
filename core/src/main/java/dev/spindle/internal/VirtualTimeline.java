package dev.spindle.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bookkeeping behind one run's virtual clock: which of the run's threads can run, which wait in
 * Spindle and until when, and the time itself. Time moves only when no thread of the run can run: then
 * the earliest due entry (a timed wait or a deadline timer) is woken, one at a time, and the clock
 * jumps to its instant.
 *
 * <p>A <em>member</em> is a thread of the run (a task's, or the thread that called {@code run}). It is
 * {@code RUNNING} unless it is parked in a Spindle wait ({@link #park}); {@link #running} counts the
 * running members, the tasks created but not started yet, and deadline actions in progress. A member
 * blocked anywhere else (a JDK {@code Thread.sleep}, a socket) stays running and so holds time back.
 *
 * <p>Due entries are ordered by instant, then by a tie: the task's creation order in the run, or, with
 * a seed, a pseudo-random order that depends only on the seed, the task's creation order and how many
 * timed waits it began before; then by the order the entries were made.
 *
 * <p>Not part of the API: this package is not exported. Thread-safe: one lock guards everything.
 */
public final class VirtualTimeline {

    private static final int RUNNING = TimelineMember.RUNNING;
    private static final int PARKED = TimelineMember.PARKED;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final boolean autoAdvance;
    private final Long seed;
    private final Instant origin;
    private final String runName;
    private final Object owner;
    private final Map<Thread, TimelineMember> members = new HashMap<>();
    private final Map<Object, Integer> expected = new IdentityHashMap<>();
    private final TreeSet<TimelineEntry> due = new TreeSet<>();
    private volatile long now; // nanoseconds since origin; written under the lock
    private int running;
    private int controllers;
    private int nextIndex;
    private long nextSeq;
    private volatile boolean ended;

    /**
     * @param owner the API object this timeline serves ({@link #owner()})
     * @param runName the run's name, for messages
     * @param autoAdvance whether time jumps by itself when no thread of the run can run
     * @param seed the seed of the tie order, or {@code null} for creation order
     * @param origin the instant virtual time starts at
     */
    public VirtualTimeline(Object owner, String runName, boolean autoAdvance, Long seed, Instant origin) {
        this.owner = owner;
        this.runName = runName;
        this.autoAdvance = autoAdvance;
        this.seed = seed;
        this.origin = origin;
    }

    /** Virtual nanoseconds since the origin; any thread. */
    public long nanoTime() {
        return now;
    }

    /** The virtual instant; any thread. */
    public Instant now() {
        return Nanos.plus(origin, java.time.Duration.ofNanos(now));
    }

    /** Whether time jumps by itself when the run is idle. */
    public boolean autoAdvance() {
        return autoAdvance;
    }

    /** The API object this timeline serves. */
    public Object owner() {
        return owner;
    }

    /** The run this timeline belongs to. */
    public String runName() {
        return runName;
    }

    /** A task is about to be started: it counts as running until its thread {@link #join joins}. */
    public void expect(Object task) {
        lock.lock();
        try {
            expected.put(task, nextIndex++);
            running++;
        } finally {
            lock.unlock();
        }
    }

    /** A task {@link #expect expected} will never start (its start failed). */
    public void unexpect(Object task) {
        lock.lock();
        try {
            if (expected.remove(task) != null) {
                running--;
                settle();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The calling thread becomes a member, running: a task's thread as it starts ({@code task} is what
     * was {@link #expect expected}), or the thread that called {@code run} ({@code task} is {@code null}).
     */
    public void join(Object task, String name) {
        Thread self = Thread.currentThread();
        lock.lock();
        try {
            Integer index = task == null ? null : expected.remove(task);
            if (index == null) {
                index = nextIndex++;
                running++;
            }
            members.put(self, new TimelineMember(self, name, index));
        } finally {
            lock.unlock();
        }
        Clocks.joined(self, this);
    }

    /** The calling thread stops being a member (its task has ended). */
    public void leave() {
        Thread self = Thread.currentThread();
        Clocks.left(self);
        lock.lock();
        try {
            if (members.remove(self) != null) {
                running--;
                settle();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called when the run has ended: no more entries are woken, and the watchdog stops. */
    public void end() {
        ended = true;
    }

    /** Whether {@link #end} was called. */
    public boolean ended() {
        return ended;
    }

    /**
     * Parks the calling member until {@link #unpark unparked}, interrupted, or (if {@code timed}) the
     * virtual time is {@code nanos} later. Like {@link LockSupport#park}, it may return for no reason;
     * an unpark that came first makes it return at once.
     */
    void park(Object blocker, boolean timed, long nanos) {
        Thread self = Thread.currentThread();
        TimelineMember m;
        lock.lock();
        try {
            m = members.get(self);
            if (m.permit) {
                m.permit = false;
                return;
            }
            if (self.isInterrupted()) {
                return;
            }
            m.state = PARKED;
                        if (timed) {
                long deadline = after(nanos);
                m.entry = new TimelineEntry(this, deadline, m.nextTie(seed), nextSeq++, m, null);
                due.add(m.entry);
            }
            running--;
            settle();
        } finally {
            lock.unlock();
        }
        while (m.state == PARKED && !self.isInterrupted()) {
            LockSupport.park(blocker);
        }
        if (m.state == PARKED) { // interrupted by someone outside Spindle's bookkeeping
            lock.lock();
            try {
                if (m.state == PARKED) {
                    wake(m);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Wakes {@code thread} if it is parked in this timeline, or lets its next park return at once. */
    void unpark(Thread thread) {
        lock.lock();
        try {
            TimelineMember m = members.get(thread);
            if (m != null) {
                if (m.state == PARKED) {
                    wake(m);
                } else {
                    m.permit = true;
                }
                return;
            }
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(thread);
    }

    /** Interrupts {@code thread}, counting it as running from now on if it is parked in this timeline. */
    void interrupt(Thread thread) {
        thread.interrupt(); // first: a thread counted running must not park again before its interrupt lands
        lock.lock();
        try {
            TimelineMember m = members.get(thread);
            if (m != null && m.state == PARKED) {
                wake(m);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code action} when virtual time reaches {@code nanos} from now; the calling thread's task
     * decides the tie order. The action runs on a thread of the run, outside the lock, and holds time
     * while it runs.
     *
     * @return a handle whose {@link TimelineEntry#cancel} removes the timer
     */
    public TimelineEntry schedule(long nanos, Runnable action) {
        lock.lock();
        try {
            TimelineMember m = members.get(Thread.currentThread());
            long deadline = after(nanos);
            TimelineEntry d = new TimelineEntry(this, deadline, m == null ? Long.MAX_VALUE : m.nextTie(seed), nextSeq++, null, action);
            due.add(d);
            return d;
        } finally {
            lock.unlock();
        }
    }

    void cancel(TimelineEntry d) {
        lock.lock();
        try {
            due.remove(d);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets the other members run until none can, waking every entry due up to {@code nanos} from now,
     * in order, each after the run is idle again; then sets the time to that instant. With
     * {@code nanos < 0}: wakes every entry there is ({@code advanceUntilIdle}), leaving the time at the
     * last one. With {@code nanos == 0}: wakes only what is due now ({@code runCurrent}).
     */
    public void advance(long nanos) throws InterruptedException {
        TimelineMember self = null;
        lock.lock();
        try {
            self = members.get(Thread.currentThread());
            if (self != null) {
                running--;
                self.controlling = true;
            }
            controllers++;
            long target = nanos < 0L ? Long.MAX_VALUE : after(nanos);
            try {
                for (;;) {
                    while (running > 0) {
                        idle.await();
                    }
                    TimelineEntry first = due.isEmpty() ? null : due.first();
                    if (first == null || first.deadline > target) {
                        break;
                    }
                    fire(first);
                }
                if (nanos >= 0L && target > now) {
                    now = target;
                }
            } finally {
                controllers--;
                if (self != null) {
                    running++;
                    self.controlling = false;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether anything is due at some virtual instant. */
    public boolean hasDue() {
        lock.lock();
        try {
            return !due.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** The members that can run (not parked in a Spindle wait), each described with where its thread is. */
    public List<String> runningMembers() {
        List<TimelineMember> copy = new ArrayList<>();
        lock.lock();
        try {
            for (TimelineMember m : members.values()) {
                if (m.state == RUNNING && !m.controlling) {
                    copy.add(m);
                }
            }
        } finally {
            lock.unlock();
        }
        copy.sort((a, b) -> Integer.compare(a.index, b.index));
        List<String> out = new ArrayList<>();
        for (TimelineMember m : copy) {
            out.add(m.describe());
        }
        return out;
    }

    /** After {@link #running} dropped: if the run is idle, wakes what is due next, or tells controllers. */
    private void settle() {
        while (running == 0 && !ended) {
            if (controllers > 0 || !autoAdvance || due.isEmpty()) {
                idle.signalAll();
                return;
            }
            fire(due.first());
        }
    }

    /** Wakes the parked member of {@code d}, or runs its action outside the lock; moves time to it. */
    private void fire(TimelineEntry d) {
        due.remove(d);
        if (d.deadline > now) {
            now = d.deadline;
        }
        if (d.member != null) {
            d.member.entry = null;
            wake(d.member);
            return;
        }
        running++; // the action holds time while it runs
        lock.unlock();
        try {
            d.action.run();
        } catch (RuntimeException | Error e) {
            System.getLogger("dev.spindle").log(System.Logger.Level.ERROR, "a virtual-time deadline action failed", e);
        } finally {
            lock.lock();
            running--;
        }
    }

    private void wake(TimelineMember m) {
        m.state = RUNNING;
        if (m.entry != null) {
            due.remove(m.entry);
            m.entry = null;
        }
        running++;
        LockSupport.unpark(m.thread);
    }

    /** The virtual time {@code nanos} from now, saturated (virtual time starts at 0 and only grows). */
    long after(long nanos) {
        return nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
    }
}
