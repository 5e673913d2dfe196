package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Spindle#gatherAll}: the fan-out over a collection of work built at run time. */
class GatherAllTest {

    @Test
    void runsEveryBodyOfAListConcurrentlyAndReturnsResultsInListOrder() {
        List<String> pages = List.of("a", "b", "c", "d");
        CountDownLatch allStarted = new CountDownLatch(pages.size());
        List<Callable<String>> work = new ArrayList<>();
        for (String page : pages) {
            work.add(() -> {
                allStarted.countDown();
                // every body waits for all the others: only a concurrent fan-out gets past this
                if (!allStarted.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the bodies did not run concurrently");
                }
                return page.toUpperCase();
            });
        }
        List<String> results = Spindle.run(() -> Spindle.gatherAll(work));
        assertThat(results).containsExactly("A", "B", "C", "D");
    }

    @Test
    void followsTheIterationOrderOfAnyCollectionAndAcceptsAnEmptyOne() {
        LinkedHashSet<Callable<Integer>> work = new LinkedHashSet<>(List.of(() -> 3, () -> 1, () -> 2));
        Spindle.run(() -> {
            assertThat(Spindle.gatherAll(work)).containsExactly(3, 1, 2);
            assertThat(Spindle.gatherAll(List.<Callable<Integer>>of())).isEmpty();
        });
    }

    @Test
    void aFailureCancelsTheOthersAndIsThrownWrappedWhenChecked() {
        CountDownLatch slowStarted = new CountDownLatch(1);
        List<Callable<String>> work = List.of(
                () -> {
                    slowStarted.countDown();
                    Spindle.sleep(10_000);
                    return "slow";
                },
                () -> {
                    slowStarted.await();
                    throw new IOException("reset");
                });
        Spindle.run(() -> {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Spindle.gatherAll(work)).isInstanceOf(TaskFailedException.class)
                    .cause().isInstanceOf(IOException.class).hasMessage("reset");
            assertThat((System.nanoTime() - start) / 1_000_000L).as("the slow body was cancelled, not awaited")
                    .isLessThan(5_000);
            assertThat(Spindle.allTasks()).containsExactly(Spindle.currentTask());
        });
    }

    @Test
    void aCancelledCallerCancelsTheGatheredBodies() {
        CountDownLatch started = new CountDownLatch(2);
        Spindle.run(() -> {
            Task<List<Object>> gatherer = Spindle.createTask(() -> Spindle.gatherAll(Arrays.<Callable<Object>>asList(
                    () -> { started.countDown(); Spindle.sleep(10_000); return null; },
                    () -> { started.countDown(); Spindle.sleep(10_000); return null; })));
            started.await();
            gatherer.cancel();
            assertThatThrownBy(gatherer::join).isInstanceOf(CancellationException.class);
        });
    }

    @Test
    void aNullCollectionOrElementIsNamedAndOutsideARunTheMethodIsNamed() {
        List<Callable<Integer>> withNull = Arrays.asList(() -> 1, null);
        Spindle.run(() -> {
            assertThatThrownBy(() -> Spindle.gatherAll(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("bodies");
            assertThatThrownBy(() -> Spindle.gatherAll(withNull)).isInstanceOf(NullPointerException.class)
                    .hasMessage("bodies[1]");
        });
        assertThatThrownBy(() -> Spindle.gatherAll(List.of(() -> 1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Spindle.gatherAll").hasMessageContaining("Spindle.run");
    }
}
