package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenarios 94–97 of {@code asyncio-semantics.md} §2 I: {@code asyncio.as_completed}, as
 * {@link Spindle#asCompleted} keeps them. Spindle follows 3.13's {@code async for} form: the iterator
 * yields the original tasks in completion order, and {@link Task#join()} gives each result or failure.
 *
 * <p>What cannot apply to Java, and why:
 * <ul>
 *   <li>97, plain iteration yielding new coroutines rather than the input tasks: Java has no
 *       coroutines; there is one form, which yields the tasks themselves (tested).
 *   <li>96, {@code TimeoutError}: Spindle throws {@link DeadlineExceededException} from {@code next()};
 *       as in asyncio the unfinished tasks are not cancelled (tested).
 * </ul>
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class AsCompletedScenariosTest {

    private static final double SLACK_MS = 1000; // loose: the build machine is shared and noisy

    private static Callable<String> job(long ms, String result) {
        return () -> {
            Spindle.sleep(ms);
            return result;
        };
    }

    @Test
    @DisplayName("94 tasks of 350, 50 and 200 ms come out in completion order (fast, mid, slow) at ~50, ~200, ~350 ms; they are the original tasks")
    void completionOrder() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Task<String> slow = Spindle.createTask(job(350, "slow"));
            Task<String> fast = Spindle.createTask(job(50, "fast"));
            Task<String> mid = Spindle.createTask(job(200, "mid"));
            List<Task<String>> yielded = new ArrayList<>();
            for (Task<String> t : Spindle.asCompleted(List.of(slow, fast, mid))) {
                yielded.add(t);
                log.add(t.join());
            }
            assertThat(yielded).containsExactly(fast, mid, slow);
            assertThat(log.events()).containsExactly("fast", "mid", "slow");
            TestTime.assertMillis("fast", log.at("fast"), 50, SLACK_MS);
            TestTime.assertMillis("mid", log.at("mid"), 200, SLACK_MS);
            TestTime.assertMillis("slow", log.at("slow"), 350, SLACK_MS);
        });
    }

    @Test
    @DisplayName("95 a failed task raises when joined (at ~50 ms) and the iteration goes on: the next gives 'ok' at ~250 ms")
    void failureDoesNotEndTheIteration() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            IllegalArgumentException v = new IllegalArgumentException("v");
            Task<String> ok = Spindle.createTask(job(250, "ok"));
            Task<String> bad = Spindle.createTask(() -> {
                Spindle.sleep(50);
                throw v;
            });
            Iterator<Task<String>> it = Spindle.asCompleted(List.of(ok, bad)).iterator();
            Task<String> first = it.next();
            assertThat(catchThrowable(first::join)).isSameAs(v);
            log.add("first raised");
            assertThat(it.next().join()).isEqualTo("ok");
            log.add("second ok");
            assertThat(it.hasNext()).isFalse();
            TestTime.assertMillis("first raised", log.at("first raised"), 50, SLACK_MS);
            TestTime.assertMillis("second ok", log.at("second ok"), 250, SLACK_MS);
        });
    }

    @Test
    @DisplayName("96 with a 250 ms limit: 'early' at ~50 ms, then DeadlineExceededException at ~250 ms; the 500 ms task is not cancelled")
    void timeoutDoesNotCancel() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Task<String> late = Spindle.createTask(job(500, "late"));
            Task<String> early = Spindle.createTask(job(50, "early"));
            Iterator<Task<String>> it = Spindle.asCompleted(List.of(late, early), Duration.ofMillis(250)).iterator();
            assertThat(it.next().join()).isEqualTo("early");
            log.add("early");
            Throwable thrown = catchThrowable(it::next);
            log.add("timed out");
            assertThat(thrown).isInstanceOf(DeadlineExceededException.class);
            TestTime.assertMillis("early", log.at("early"), 50, SLACK_MS);
            TestTime.assertMillis("timed out", log.at("timed out"), 250, SLACK_MS);
            assertThat(late.join()).isEqualTo("late");
            assertThat(late.state()).isEqualTo(Task.State.SUCCESS);
        });
    }

    @Test
    @DisplayName("97 asCompleted of no tasks yields nothing")
    void emptyYieldsNothing() {
        Spindle.run(() -> {
            Iterator<Task<String>> it = Spindle.asCompleted(List.<Task<String>>of()).iterator();
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
            assertThat(Spindle.asCompleted(List.<Task<String>>of(), Duration.ofMillis(10))).isEmpty();
        });
    }

    @Test
    @DisplayName("97 the iterable is single-use, a task given twice comes out once, and asCompleted needs a run")
    void singleUseAndDuplicates() {
        Spindle.run(() -> {
            Task<String> a = Spindle.createTask(job(20, "a"));
            Iterable<Task<String>> completed = Spindle.asCompleted(List.of(a, a));
            assertThat(completed).containsExactly(a);
            assertThatThrownBy(completed::iterator).isInstanceOf(IllegalStateException.class);
        });
        assertThatThrownBy(() -> Spindle.asCompleted(List.<Task<String>>of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Spindle.asCompleted");
    }
}
