package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A finished task that stays reachable — from the ring of recently ended runs and tasks ({@link TaskView}),
 * from a reason, from a caller's variable — keeps none of the tasks it created alive, nor its siblings in
 * a gather or a task group, and neither does its run once it has ended. (Before this was so, the ring's 32 runs each kept all their tasks: a run of a
 * million tasks left about 100 MB behind until 32 more runs had ended.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FinishedTaskRetentionTest {

    private static final int TASKS = 200;

    @Test
    void aFinishedRunsMainTaskKeepsNoneOfTheTasksItCreated() {
        List<WeakReference<Task<?>>> created = new ArrayList<>();
        Task<?> main = Spindle.run(() -> {
            for (int i = 0; i < TASKS; i++) {
                Task<Integer> t = Spindle.createTask(() -> 1);
                t.join();
                created.add(new WeakReference<>(t));
            }
            return Spindle.currentTask();
        });

        assertThat(main.isDone()).isTrue(); // still reachable here, as it is from the ring of ended runs
        awaitCollected(created);
    }

    @Test
    void aFailedTaskInTheRingOfEndedTasksKeepsNoneOfTheTasksItCreated() {
        List<WeakReference<Task<?>>> created = new ArrayList<>();
        Task<?> failed = Spindle.run(() -> {
            Task<Void> t = Spindle.createTask("creates-then-fails", () -> {
                for (int i = 0; i < TASKS; i++) {
                    Task<Integer> child = Spindle.createTask(() -> 1);
                    child.join();
                    created.add(new WeakReference<>(child));
                }
                throw new IllegalStateException("fails after creating its tasks");
            });
            Spindle.gatherSettled(List.of(t));
            return t;
        });

        assertThat(TaskView.recentlyEnded()).anySatisfy(e -> assertThat(e.id()).isEqualTo(failed.id()));
        awaitCollected(created);
    }

    @Test
    void anEndedRunLetsGoOfTheListsItTookOverFromTasksThatFinishedBeforeTheirChildren() {
        List<WeakReference<Task<?>>> finished = new ArrayList<>();
        Spindle.run(() -> {
            Task<Void> creator = Spindle.createTask(() -> {
                for (int i = 0; i < TASKS; i++) {
                    Task<Integer> child = Spindle.createTask(() -> 1);
                    child.join();
                    finished.add(new WeakReference<>(child));
                }
                Spindle.createTask(() -> Spindle.sleep(Duration.ofHours(1))); // outlives its creator
            });
            creator.join(); // its list, holding the sleeper, now belongs to the run
            return null;
        }); // the shutdown cancels the sleeper

        awaitCollected(finished);
    }

    @Test
    void aFailedChildOfAGatherInTheRingKeepsNoneOfItsSiblings() {
        List<WeakReference<Task<?>>> siblings = new java.util.concurrent.CopyOnWriteArrayList<>();
        Spindle.run(() -> {
            List<java.util.concurrent.Callable<Integer>> bodies = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                bodies.add(() -> {
                    siblings.add(new WeakReference<>(Spindle.currentTask()));
                    return 1;
                });
            }
            bodies.add(() -> {
                throw new IllegalStateException("a settled gather's failing child");
            });
            @SuppressWarnings("unchecked")
            java.util.concurrent.Callable<Integer>[] array = bodies.toArray(new java.util.concurrent.Callable[0]);
            Spindle.gatherSettled(array);
            return null;
        });

        awaitCollected(siblings);
    }

    @Test
    void aFailedChildOfAGroupInTheRingKeepsNoneOfItsSiblings() {
        List<WeakReference<Task<?>>> siblings = new ArrayList<>();
        Spindle.run(() -> {
            try {
                Spindle.taskGroup(g -> {
                    for (int i = 0; i < TASKS; i++) {
                        Task<Integer> sibling = g.createTask(() -> 1);
                        siblings.add(new WeakReference<>(sibling));
                        // ended before the failure: a sibling the failure cancelled would sit in the ring of
                        // recently ended tasks itself, by design (seen on the STS engine and in virtual time)
                        sibling.join();
                    }
                    g.createTask(() -> {
                        throw new IllegalStateException("a group's failing child");
                    });
                    return null;
                });
            } catch (IllegalStateException expected) {
                // the group's failure
            }
            return null;
        });

        awaitCollected(siblings);
    }

    private static void awaitCollected(List<WeakReference<Task<?>>> refs) {
        assertThat(refs).hasSize(TASKS);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return refs.stream().allMatch(r -> r.get() == null);
        });
    }
}
