package dev.spindle.sync;

import static dev.spindle.Spindle.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Permit conservation under a cancellation storm: thousands of tasks take a permit, lock or token, a third
 * of them cancelled while they queue, at the hand-over or while they hold it, and a third bounded by a
 * 1 ms timeout. Never more holders than permits, and every permit is back at the end (a drift either way
 * shows: a BoundedSemaphore throws on a release too many, a CapacityLimiter on a release without a token).
 */
class PermitStormTest {

    static Stream<Arguments> primitives() {
        return Stream.of(
                Arguments.of("Semaphore(3)", 3, (Supplier<Storms.Permits>) () -> Storms.Permits.of(new Semaphore(3))),
                Arguments.of("BoundedSemaphore(2)", 2,
                        (Supplier<Storms.Permits>) () -> Storms.Permits.of(new BoundedSemaphore(2))),
                Arguments.of("Lock", 1, (Supplier<Storms.Permits>) () -> Storms.Permits.of(new Lock())),
                Arguments.of("CapacityLimiter(4)", 4,
                        (Supplier<Storms.Permits>) () -> Storms.Permits.of(new CapacityLimiter(4))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("primitives")
    void noPermitIsLostOrGainedWhenHoldersAndWaitersAreCancelled(String kind, int permits,
            Supplier<Storms.Permits> create) {
        Storms.PermitStormResult r = run(() -> Storms.permitStorm(create.get(), permits * 17L + 3, 3_000));

        assertThat(r.surprises()).as("outcomes outside the contract").isEmpty();
        assertThat(r.mostAtOnce()).as("most holders at once").isBetween(1, permits);
        assertThat(r.availableAfter()).as("permits free at the end").isEqualTo(permits);
        assertThat(r.completed()).as("tasks that held a permit and ended normally").isPositive();
    }
}
