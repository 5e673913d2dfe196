package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What {@link TaskObserver} promises about order and about the scheduling delays it asks for. */
class ObserverContractTest {

    @Test
    void aChildsEndIsObservedBeforeItsParentCanRethrowItsFailure() {
        Set<Long> observedEnds = ConcurrentHashMap.newKeySet();
        List<String> problems = new CopyOnWriteArrayList<>();
        TaskObserver observer = new TaskObserver() {
            @Override
            public void taskFinished(Task<?> task, TaskOutcome outcome, long runNanos, Object startState) {
                if (task.isDone()) {
                    problems.add(task.name() + " was already done when observed");
                }
                if (task.endReason().isEmpty()) {
                    problems.add(task.name() + " had no end reason when observed");
                }
                observedEnds.add(task.id());
            }
        };
        Runner runner = Runner.create().withObserver(observer);
        for (int i = 0; i < 300; i++) {
            runner.run(() -> {
                Task<Object> child = Spindle.createTask(() -> {
                    throw new IllegalStateException("boom");
                });
                while (!child.isDone()) {
                    Thread.onSpinWait(); // the fast path of join: the child is already done when joined
                }
                assertThat(observedEnds).as("observed before the parent saw it done").contains(child.id());
                assertThatThrownBy(child::join).isInstanceOf(IllegalStateException.class);
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void onlyTheTasksAnObserverSamplesGetASchedulingDelay() {
        Map<Long, Long> delays = new ConcurrentHashMap<>();
        TaskObserver everyFourth = new TaskObserver() {
            @Override
            public int schedulingDelaySampling() {
                return 4;
            }

            @Override
            public Object taskStarted(Task<?> task, long schedulingDelayNanos) {
                delays.put(task.id(), schedulingDelayNanos);
                return null;
            }
        };
        Runner.create().withObserver(everyFourth).run(() -> Spindle.taskGroup(g -> {
            for (int i = 0; i < 40; i++) {
                g.createTask(() -> { });
            }
            return null;
        }));
        assertThat(delays).hasSize(41);
        delays.forEach((id, delay) -> {
            if (id % 4 == 0) {
                assertThat(delay).as("task %d", id).isGreaterThanOrEqualTo(0L);
            } else {
                assertThat(delay).as("task %d", id).isEqualTo(-1L);
            }
        });
    }

    @Test
    void severalObserversEachGetEveryDelayTheyAskedFor() {
        assertThat(Observers.delaySampling(Observers.combine(List.of(sampling(4), sampling(6))))).isEqualTo(2);
        assertThat(Observers.delaySampling(Observers.combine(List.of(sampling(16), sampling(16))))).isEqualTo(16);
        assertThat(Observers.delaySampling(sampling(0))).isEqualTo(1);
        assertThat(Observers.delaySampling(sampling(-3))).isEqualTo(1);
        assertThat(Observers.delaySampling(new TaskObserver() { })).isEqualTo(1);
    }

    private static TaskObserver sampling(int n) {
        return new TaskObserver() {
            @Override
            public int schedulingDelaySampling() {
                return n;
            }
        };
    }
}
