/**
 * Spindle core: Python asyncio's shape ({@code run}, {@code createTask}, {@code gather}, {@code sleep},
 * timeouts, task groups) on Java virtual threads, with structured concurrency's guarantees.
 * The API is the package {@code dev.spindle}; start at {@link dev.spindle.Spindle}. Queues, locks
 * and the other synchronisation primitives are in {@code dev.spindle.sync}.
 * @since 0.1.0
 */
module dev.spindle.core {
    exports dev.spindle;
    exports dev.spindle.sync;
    exports dev.spindle.engine to dev.spindle.sts;
    exports dev.spindle.internal to dev.spindle.monitor, dev.spindle.sts;

    uses dev.spindle.engine.Engine;
    uses dev.spindle.internal.FirstRunHook;
}
