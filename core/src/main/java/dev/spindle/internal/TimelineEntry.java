package dev.spindle.internal;

/**
 * Something due at a virtual instant: a parked member's timed wait, or a deadline action. Entries are
 * ordered by instant, then tie, then the order they were made.
 *
 * <p>Not part of the API: this package is not exported.
 */
public final class TimelineEntry implements Comparable<TimelineEntry> {

    final long deadline;
    final long tie;
    final long seq;
    final TimelineMember member;
    final Runnable action;
    final VirtualTimeline timeline;

    TimelineEntry(VirtualTimeline timeline, long deadline, long tie, long seq, TimelineMember member, Runnable action) {
        this.timeline = timeline;
        this.deadline = deadline;
        this.tie = tie;
        this.seq = seq;
        this.member = member;
        this.action = action;
    }

    /** Removes a deadline action that has not run; a no-op once it has. Any thread. */
    public void cancel() {
        timeline.cancel(this);
    }

    @Override
    public int compareTo(TimelineEntry o) {
        int c = Long.compare(deadline, o.deadline);
        if (c == 0) {
            c = Long.compare(tie, o.tie);
        }
        return c != 0 ? c : Long.compare(seq, o.seq);
    }
}
