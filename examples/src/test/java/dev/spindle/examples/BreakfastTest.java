package dev.spindle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BreakfastTest {

    @Test
    void printsThePythonLinesInOrderWithToastAtOneSecondAndBreakfastAtTwo() {
        StampedOutput.Run run = StampedOutput.capture(() -> Breakfast.main(new String[0]));
        List<StampedOutput.Line> lines = run.lines();
        assertThat(run.texts()).hasSize(5);
        // the two tasks start together and may print their first line in either order (DESIGN, "Start order")
        assertThat(run.texts().subList(0, 2)).containsExactlyInAnyOrder("Grinding beans...", "Toasting bread...");
        assertThat(run.texts().subList(2, 5)).containsExactly(
                "Toast ready!",
                "Coffee ready!",
                "Breakfast: Coffee and Toast");
        assertThat(lines.get(0).atMillis()).isLessThan(500);
        assertThat(lines.get(1).atMillis()).isLessThan(500);
        assertThat(lines.get(2).atMillis()).isBetween(1000L, 1500L);
        assertThat(lines.get(3).atMillis()).isBetween(2000L, 2500L);
        assertThat(lines.get(4).atMillis()).isBetween(lines.get(3).atMillis(), 2500L);
        assertThat(run.totalMillis()).as("two seconds, not three").isBetween(2000L, 2499L);
    }
}
