package dev.spindle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spindle.VirtualClock;
import dev.spindle.test.SpindleTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VirtualBreakfastTest {

    @Test
    void printsTheFiveLinesWithToastAtVirtualSecondOneAndTheRestAtTwoWithoutWaitingTwoSeconds() {
        StampedOutput.Run run = StampedOutput.capture(() -> VirtualBreakfast.main(new String[0]));
        assertThat(run.texts()).hasSize(6);
        // the first two lines are printed by two tasks that start together: virtual time orders wake-ups, not that
        assertThat(run.texts().subList(0, 2)).containsExactlyInAnyOrder(
                "[virtual 0.000 s] Grinding beans...",
                "[virtual 0.000 s] Toasting bread...");
        assertThat(run.texts().subList(2, 5)).containsExactly(
                "[virtual 1.000 s] Toast ready!",
                "[virtual 2.000 s] Coffee ready!",
                "[virtual 2.000 s] Breakfast: Coffee and Toast");
        assertThat(run.texts().get(5)).startsWith("virtual time 2.000 s, wall-clock time ").endsWith(" ms");
        assertThat(run.totalMillis()).as("wall-clock milliseconds, loading Spindle included; the breakfast on the"
                + " system clock takes over 2000").isLessThan(1500);
    }

    @SpindleTest
    void theUnchangedBreakfastTakesExactlyTwoVirtualSecondsUnderTheExtension(VirtualClock clock) {
        Breakfast.makeBreakfast();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
    }
}
