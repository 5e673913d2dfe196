/**
 * Spindle core: asyncio-shaped structured concurrency on virtual threads.
 */
module dev.spindle.core {
    exports dev.spindle;
}
