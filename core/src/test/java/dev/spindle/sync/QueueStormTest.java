package dev.spindle.sync;

import static dev.spindle.Spindle.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Queue conservation under a cancellation storm: thousands of puts and gets, each in a task of its own, a
 * third of them cancelled as they meet and a third bounded by a 1 ms timeout. Whatever each task's outcome
 * says happened must add up: every item put was taken once or is still in the queue, nothing else came
 * out, the unfinished count is back to zero, and no task ever saw the queue hold more than its maxsize.
 */
class QueueStormTest {

    static Stream<Arguments> queues() {
        return Stream.of(
                Arguments.of("Queue(1)", 1, (IntFunction<Queue<Integer>>) Queue::new),
                Arguments.of("Queue(3)", 3, (IntFunction<Queue<Integer>>) Queue::new),
                Arguments.of("Queue() unbounded", 0, (IntFunction<Queue<Integer>>) Queue::new),
                Arguments.of("LifoQueue(2)", 2, (IntFunction<Queue<Integer>>) LifoQueue::new),
                Arguments.of("PriorityQueue(2)", 2, (IntFunction<Queue<Integer>>) PriorityQueue::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queues")
    void noItemIsLostOrDuplicatedAndTheBoundHoldsWhenGettersAndPuttersAreCancelled(String kind, int maxsize,
            IntFunction<Queue<Integer>> create) {
        Storms.QueueStormResult r = run(() -> Storms.queueStorm(create.apply(maxsize), maxsize * 31L + 7, 60, 40));

        assertThat(r.surprises()).as("outcomes outside the contract").isEmpty();
        assertThat(r.lost()).as("items put but never taken nor left").isEmpty();
        assertThat(r.duplicated()).as("items taken twice").isEmpty();
        assertThat(r.unexpected()).as("items no put added").isEmpty();
        assertThat(r.taken() + r.left()).isEqualTo(r.added());
        assertThat(r.unfinishedLeft()).as("unfinished items after every taskDone").isFalse();
        if (maxsize > 0) {
            assertThat(r.largestSize()).as("largest qsize seen").isLessThanOrEqualTo(maxsize);
        }
        assertThat(r.taken()).as("the storm moved items").isPositive();
    }
}
