package dev.spindle;

/**
 * One entry of a task's scope stack: a section of its body that can be cancelled on its own (a
 * timeout, a task group's body) or that holds cancellation off (a shield). Frames are immutable links;
 * only the task's own thread pushes and pops them (see {@link TaskCancellation#push} and {@link TaskCancellation#pop}).
 */
abstract sealed class ScopeFrame permits CancelFrame, ShieldFrame {

    /** The enclosing frame, or {@code null} at the bottom of the stack. */
    final ScopeFrame parent;

    ScopeFrame(ScopeFrame parent) {
        this.parent = parent;
    }
}
