package dev.spindle.sync;

import static dev.spindle.Spindle.createTask;
import static dev.spindle.Spindle.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spindle.Spindle;
import dev.spindle.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Barrier rounds under real parallelism: parties that come straight back while their round drains wait
 * for it to empty, rounds never mix, and an abort at any moment ends every party. (The exact asyncio
 * outcomes of aborts and resets during the draining are checked on one carrier by {@link OneCarrierTest}.)
 */
class BarrierRoundsTest {

    private static final int PARTIES = 8;
    private static final int ROUNDS = 300;

    @Test
    void partiesComingStraightBackWhileTheRoundDrainsMeetInTheNextRoundAndRoundsNeverMix() {
        run(() -> {
            Barrier barrier = new Barrier(PARTIES);
            int[][] indexByRound = new int[ROUNDS][PARTIES]; // [round][party], each cell written by its party
            List<Task<Object>> parties = new ArrayList<>();
            for (int p = 0; p < PARTIES; p++) {
                int party = p;
                parties.add(createTask(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        indexByRound[round][party] = barrier.await();
                    }
                    return null;
                }));
            }
            parties.forEach(Task::join);
            for (int round = 0; round < ROUNDS; round++) {
                assertThat(indexByRound[round]).as("round %d", round)
                        .containsExactlyInAnyOrder(IntStream.range(0, PARTIES).toArray());
            }
            assertThat(barrier.inside()).isZero();
            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.toString()).doesNotContain("draining");
            assertThat(barrier.isBroken()).isFalse();
        });
    }

    @Test
    @DisabledIfSystemProperty(named = "spindle.virtualTime", matches = "auto", disabledReason = "the parties go round"
            + " the barrier without end, so some task of the run can always run and virtual time never moves: the"
            + " main task's sleep, which picks the moment of the abort, would never end")
    void anAbortAtAnyMomentOfTheRoundsEndsEveryPartyWithBarrierBrokenException() {
        run(() -> {
            for (int attempt = 0; attempt < 30; attempt++) {
                Barrier barrier = new Barrier(PARTIES);
                List<Task<Object>> parties = new ArrayList<>();
                for (int p = 0; p < PARTIES; p++) {
                    parties.add(createTask(() -> {
                        for (;;) {
                            barrier.await(); // until the abort breaks it
                        }
                    }));
                }
                Spindle.sleep(Duration.ofNanos(attempt * 50_000L)); // some rounds first, a different number each time
                barrier.abort();
                for (Task<Object> party : parties) {
                    assertThatThrownBy(party::join).as("attempt %d", attempt).isInstanceOf(BarrierBrokenException.class);
                }
                assertThat(barrier.isBroken()).isTrue();
                assertThat(barrier.inside()).isZero();
                assertThat(barrier.waiting()).isZero();
                assertThatThrownBy(barrier::await).isInstanceOf(BarrierBrokenException.class);
                barrier.reset();
                assertThat(barrier.isBroken()).isFalse();
                assertThat(barrier.toString()).endsWith("[parties=" + PARTIES + ", waiting=0]");
            }
        });
    }
}
