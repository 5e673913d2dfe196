package dev.spindle.sync;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** Test helpers: wait for a condition (never sleep to order events). Time: {@link dev.spindle.TestTime}. */
final class Awaits {

    private Awaits() {}

    static void until(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1)).until(condition::getAsBoolean);
    }
}
