package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Spindle#allTasks()} lists unfinished tasks only, as asyncio's {@code all_tasks()}. Regression: a
 * task stays in its run's live set for a moment after it is done (its thread leaves the set after
 * waking its joiners), so a task just joined was sometimes still listed.
 */
class AllTasksExcludesFinishedTest {

    @Test
    @DisplayName("allTasks never lists a task that has already finished, even one joined an instant ago")
    void allTasksNeverListsAJoinedTask() {
        int listedAfterJoin = Spindle.run(() -> {
            int listed = 0;
            for (int i = 0; i < 3_000; i++) {
                Task<Object> t = Spindle.createTask(() -> null);
                t.join();
                if (Spindle.allTasks().contains(t)) {
                    listed++;
                }
            }
            return listed;
        });
        assertThat(listedAfterJoin).isZero();
    }
}
