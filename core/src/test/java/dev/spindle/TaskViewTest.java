package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskViewTest {

    /** Starts a run named {@code name} on its own thread; it holds its tasks until {@code release} opens. */
    private static CompletableFuture<Void> runHolding(Runner runner, CountDownLatch release) {
        return CompletableFuture.runAsync(() -> runner.run(() -> {
            Spindle.timeout(Duration.ofSeconds(60), () -> Spindle.taskGroup("workers", g -> {
                g.createTask("sleeper", () -> {
                    Spindle.sleep(60_000);
                    return null;
                });
                Task<Void> waiter = g.createTask("waiter", () -> {
                    release.await();
                    return null;
                });
                waiter.join();
                g.cancel();
                return null;
            }));
        }));
    }

    private static RunSnapshot runNamed(ProcessSnapshot s, String name) {
        return s.runs().stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    /** Waits until the view shows a run named {@code name} for which {@code ready} holds. */
    private static void awaitRun(String name, java.util.function.Predicate<RunSnapshot> ready) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            RunSnapshot r = runNamed(TaskView.snapshot(), name);
            return r != null && ready.test(r);
        });
    }

    @Test
    void aThreadOutsideAnyRunSeesTheLiveRunsTaskTreeWithWaitsAndDeadlines() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> done = runHolding(Runner.create().withName("view-tree").withTaskTiming(true), release);
        try {
            awaitRun("view-tree", r -> r.toString().contains("waitingOn=sleep"));
            ProcessSnapshot s = TaskView.snapshot();
            RunSnapshot run = runNamed(s, "view-tree");
            assertThat(s.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(run.timed()).isTrue();
            assertThat(run.tasks()).hasSize(1);
            TaskSnapshot main = run.tasks().get(0);
            assertThat(main.parentId()).isNull();
            assertThat(main.waitingOn()).isEqualTo("task 'waiter'");
            assertThat(main.deadline()).isNotNull();
            assertThat(main.children()).extracting(TaskSnapshot::name).containsExactly("sleeper", "waiter");
            TaskSnapshot sleeper = main.children().get(0);
            assertThat(sleeper.state()).isEqualTo("RUNNING");
            assertThat(sleeper.parentId()).isEqualTo(main.id());
            assertThat(sleeper.threadId()).isPositive();
            assertThat(sleeper.startedAt()).isNotNull();
            assertThat(sleeper.age()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
            assertThat(sleeper.timeLeft()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60));
            assertThat(run.taskCount()).isEqualTo(3);

            assertThat(s.toText()).contains("Run 'view-tree' #" + run.id())
                    .containsPattern("(?m)^    - sleeper #\\d+ RUNNING, thread \\d+, running \\d+ ms, deadline \\S+ \\(\\d+ ms left\\), waiting on sleep$");
            assertThat(s.toJson()).startsWith("{\"schema\":\"spindle-tasks/1\",\"time\":\"")
                    .contains("\"name\":\"view-tree\"").contains("\"name\":\"sleeper\",\"state\":\"RUNNING\",\"parentId\":" + main.id())
                    .contains("\"waitingOn\":\"sleep\"");
            assertThat(s.toTable()).containsPattern("(?m)^view-tree\\s+\\d+\\s+" + main.id() + "\\s+sleeper\\s+RUNNING\\s+\\d+\\s+\\d+\\s+\\d+\\s+sleep$");

            Map<String, Integer> perName = new ConcurrentHashMap<>();
            TaskView.forEachLiveTask((runName, task) -> {
                if (runName.equals("view-tree")) {
                    perName.merge(task.name(), 1, Integer::sum);
                }
            });
            assertThat(perName).containsOnlyKeys(main.name(), "sleeper", "waiter");
        } finally {
            release.countDown();
            done.get(10, TimeUnit.SECONDS);
        }
        assertThat(runNamed(TaskView.snapshot(), "view-tree")).as("a run leaves the view when it ends").isNull();
    }

    @Test
    void aLimitKeepsTheTopOfEachTreeAndCountsWhatItLeftOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> done = runHolding(Runner.create().withName("view-limit"), release);
        try {
            awaitRun("view-limit", r -> r.taskCount() == 3);
            RunSnapshot two = runNamed(TaskView.snapshot(2), "view-limit");
            assertThat(two.taskCount()).isEqualTo(2);
            assertThat(two.omittedTasks()).isEqualTo(1);
            assertThat(two.tasks().get(0).children()).extracting(TaskSnapshot::name).containsExactly("sleeper");
            assertThat(TaskView.snapshot(2).toJson()).contains("\"taskCount\":2,\"omittedTasks\":1,");
            assertThat(TaskView.snapshot(2).toText()).contains("  ... and 1 more task(s) left out");
            assertThat(runNamed(TaskView.snapshot(0), "view-limit").omittedTasks()).isEqualTo(3);
            assertThat(runNamed(TaskView.snapshot(), "view-limit").omittedTasks()).isZero();
            assertThat(TaskView.snapshot().toJson()).doesNotContain("omittedTasks");
            assertThatThrownBy(() -> TaskView.snapshot(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-1");
        } finally {
            release.countDown();
            done.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUntimedRunsTasksHaveNoStartOrAge() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> done = runHolding(Runner.create().withName("view-untimed").withTaskTiming(false), release);
        try {
            awaitRun("view-untimed", r -> r.taskCount() == 3);
            RunSnapshot run = runNamed(TaskView.snapshot(), "view-untimed");
            assertThat(run.timed()).isFalse();
            assertThat(run.tasks().get(0).startedAt()).isNull();
            assertThat(run.tasks().get(0).age()).isNull();
            assertThat(TaskView.snapshot().toJson()).doesNotContain("\"ageMillis\":-");
        } finally {
            release.countDown();
            done.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theRingKeepsEndedRunsAndFailedOrCancelledTasksWithTheirCauseChains() {
        assertThat(TaskView.endedCapacity()).isEqualTo(TaskView.DEFAULT_ENDED_CAPACITY);
        assertThatThrownBy(() -> Runner.create().withName("view-ring").run(() -> Spindle.taskGroup("quotes", g -> {
            g.createTask("slow-1", () -> {
                Spindle.sleep(60_000);
                return null;
            });
            g.createTask("fetch-3", () -> {
                throw new IOException("connection reset", new IllegalStateException("socket closed"));
            });
            return null;
        }))).isInstanceOf(TaskFailedException.class);

        List<EndedSnapshot> ended = TaskView.recentlyEnded().stream().filter(e -> e.run().equals("view-ring")).toList();
        assertThat(ended).hasSize(3);
        EndedSnapshot run = ended.get(0);
        assertThat(run.kind()).isEqualTo("run");
        assertThat(run.name()).isEqualTo("view-ring");
        assertThat(run.outcome()).isEqualTo("FAILED");
        assertThat(run.ranFor()).isNotNull();
        assertThat(run.reasons().get(0)).startsWith("failed: dev.spindle.TaskFailedException");

        List<EndedSnapshot> tasks = new ArrayList<>(ended.subList(1, 3));
        tasks.sort((a, b) -> a.name().compareTo(b.name()));
        EndedSnapshot fetch = tasks.get(0);
        EndedSnapshot slow = tasks.get(1);
        assertThat(fetch.name()).isEqualTo("fetch-3");
        assertThat(fetch.run()).isEqualTo("view-ring");
        assertThat(fetch.outcome()).isEqualTo("FAILED");
        assertThat(fetch.ranFor()).as("the run was untimed").isNull();
        assertThat(fetch.reasons()).containsExactly("failed: java.io.IOException: connection reset",
                "caused by: java.lang.IllegalStateException: socket closed");
        assertThat(slow.name()).isEqualTo("slow-1");
        assertThat(slow.outcome()).isEqualTo("CANCELLED");
        assertThat(slow.reasons()).containsExactly("cancelled because sibling 'fetch-3' failed",
                "sibling 'fetch-3' failed: java.io.IOException: connection reset",
                "caused by: java.lang.IllegalStateException: socket closed");
        assertThat(TaskView.snapshot().toText()).contains("Recently ended (newest first):")
                .contains("task 'slow-1' #" + slow.id() + " of run 'view-ring' CANCELLED at ")
                .contains(": cancelled because sibling 'fetch-3' failed <- sibling 'fetch-3' failed: java.io.IOException");
        assertThat(TaskView.snapshot().toJson()).contains("\"reasons\":[\"cancelled because sibling 'fetch-3' failed\",");
    }

    @Test
    void aTaskCancelledAtShutdownNamesTheRunAndWhyItsMainTaskEnded() {
        Task<?>[] leftover = new Task<?>[1];
        Runner.create().withName("view-shutdown").run(() -> {
            leftover[0] = Spindle.createTask("straggler", () -> {
                Spindle.sleep(60_000);
                return null;
            });
            Spindle.sleep(0);
        });
        List<String> chain = TaskView.reasonChain(leftover[0]);
        assertThat(chain).hasSize(2);
        assertThat(chain.get(0)).isEqualTo("cancelled at the shutdown of run 'view-shutdown'");
        assertThat(chain.get(1)).isEqualTo("its main task 'view-shutdown' returned"); // a named runner's main task bears its name
    }

    @Test
    void aTaskCancelledWithItsGroupNamesTheGroupAndItsOwnersEnd() {
        Task<?>[] child = new Task<?>[1];
        Runner.create().withName("view-group").run(() -> {
            Task<Void> owner = Spindle.createTask("owner", () -> Spindle.taskGroup("batch", g -> {
                child[0] = g.createTask("item", () -> {
                    Spindle.sleep(60_000);
                    return null;
                });
                Spindle.sleep(60_000);
                return null;
            }));
            await().until(() -> child[0] != null && child[0].state() == java.util.concurrent.Future.State.RUNNING);
            owner.cancel("the user gave up");
            try {
                owner.join();
            } catch (java.util.concurrent.CancellationException expected) {
                // the owner ends cancelled
            }
        });
        assertThat(TaskView.reasonChain(child[0])).containsExactly("cancelled: the task running batch was cancelled",
                "its owner 'owner' cancelled: the user gave up");
    }

    @Test
    void aTaskCancelledByATimeoutAroundItsGroupNamesTheDeadline() {
        Task<?>[] child = new Task<?>[1];
        Runner.create().run(() -> {
            try {
                Spindle.timeout(Duration.ofMillis(200), () -> Spindle.taskGroup("quotes", g -> {
                    child[0] = g.createTask("price", () -> {
                        Spindle.sleep(60_000);
                        return null;
                    });
                    return null;
                }));
            } catch (DeadlineExceededException expected) {
                // the timeout's own report; the child's says why it was cancelled
            }
        });
        assertThat(TaskView.reasonChain(child[0])).containsExactly(
                "cancelled: the deadline of timeout(PT0.2S) around quotes passed");
    }

    @Test
    void aGroupCancelledOnPurposeIsNotBlamedOnItsOwner() {
        Task<?>[] child = new Task<?>[1];
        Runner.create().run(() -> Spindle.taskGroup("batch", g -> {
            child[0] = g.createTask("item", () -> {
                Spindle.sleep(60_000);
                return null;
            });
            g.cancel();
            return null;
        }));
        assertThat(TaskView.reasonChain(child[0])).containsExactly("cancelled: batch was cancelled");
    }

    @Test
    void aTaskStillRunningHasNoReasonChainAndNullIsRefused() {
        Runner.create().run(() -> assertThat(TaskView.reasonChain(Spindle.currentTask())).isEmpty());
        assertThatThrownBy(() -> TaskView.reasonChain(null)).isInstanceOf(NullPointerException.class).hasMessage("task");
        assertThatThrownBy(() -> TaskView.forEachLiveTask(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("visitor");
    }
}
