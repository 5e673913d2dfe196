package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * How a task's thread looks from the outside and how it finds its task: the thread is named after the
 * task only when the task was given a name (or is a run's main task), and {@code currentTask()} answers
 * on the task's own thread and nowhere else, whatever the body does to its thread's uncaught-exception
 * handler.
 */
class TaskThreadTest {

    @Test
    void namedTasksNameTheirThreadsAndUnnamedOnesLeaveThemUnnamedAsRawVirtualThreads() {
        List<String> names = Spindle.run(() -> {
            String main = Thread.currentThread().getName();
            Task<String> named = Spindle.createTask("fetch-user", () -> Thread.currentThread().getName());
            Task<String> unnamed = Spindle.createTask(() -> Thread.currentThread().getName());
            String inGroup = Spindle.taskGroup(g -> g.createTask("shard-1", () -> Thread.currentThread().getName())
                    .join());
            List<String> gathered = Spindle.gather(() -> Thread.currentThread().getName());
            return List.of(main, Spindle.currentTask().name(), named.join(), unnamed.join(), inGroup,
                    gathered.getFirst());
        });
        assertThat(names.get(0)).as("main's thread carries main's name").isEqualTo(names.get(1)).startsWith("Task-");
        assertThat(names.subList(2, 6)).containsExactly("fetch-user", "", "shard-1", "");
    }

    @Test
    void anUnnamedTaskStillHasItsDefaultTaskName() {
        String name = Spindle.run(() -> Spindle.createTask(() -> Spindle.currentTask().name()).join());
        assertThat(name).matches("Task-\\d+");
    }

    @Test
    void currentTaskIsTheTaskOnItsOwnThreadOnly() {
        AtomicReference<Throwable> fromPlainThread = new AtomicReference<>();
        Spindle.run(() -> {
            Task<?> child = Spindle.createTask(Spindle::currentTask);
            assertThat(child.join()).isSameAs(child);
            fromPlainThread.set(currentTaskFailureOnAPlainVirtualThread());
            assertThat(Spindle.toThread(() -> {
                try {
                    Spindle.currentTask();
                    return "found a task";
                } catch (IllegalStateException e) {
                    return "no task";
                }
            })).as("toThread bodies run on platform threads, outside any task").isEqualTo("no task");
            return null;
        });
        assertThat(fromPlainThread.get()).as("a thread a task starts is not a task")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(Spindle::currentTask).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFinishedTaskLeavesNoTraceOnItsThread() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        Spindle.run(() -> Spindle.createTask(() -> thread.getAndSet(Thread.currentThread())).join());
        thread.get().join();
        assertThat(thread.get().getUncaughtExceptionHandler()).as("the JDK clears a terminated thread's handler")
                .isNull();
    }

    @Test
    void aBodyThatSetsItsOwnUncaughtExceptionHandlerStillSeesItsTaskAndTheFacadeWorks() {
        Thread.UncaughtExceptionHandler own = (t, e) -> { };
        List<Object> seen = Spindle.run(() -> {
            Thread.currentThread().setUncaughtExceptionHandler(own); // the main task's thread
            Task<?> main = Spindle.currentTask();
            Task<List<Object>> child = Spindle.createTask(() -> {
                Thread.currentThread().setUncaughtExceptionHandler(own);
                Task<?> me = Spindle.currentTask();
                Task<Task<?>> grandchild = Spindle.createTask(Spindle::currentTask);
                List<Object> found = new ArrayList<>();
                found.add(me);
                found.add(grandchild.join());
                found.add(grandchild.parent().orElseThrow());
                found.add(Spindle.timeout(Duration.ofSeconds(10), () -> Spindle.currentDeadline().isPresent()));
                found.add(Spindle.taskGroup(g -> g.createTask(() -> Spindle.currentTask().parent().orElseThrow()).join()));
                found.add(Spindle.allTasks().contains(me));
                found.add(Thread.currentThread().getUncaughtExceptionHandler());
                return found;
            });
            List<Object> found = new ArrayList<>(child.join());
            found.add(child);
            found.add(main);
            found.add(Spindle.currentTask());
            return found;
        });
        Object child = seen.get(7);
        assertThat(seen.get(0)).as("currentTask() in the body that replaced its handler").isSameAs(child);
        assertThat(seen.get(1)).as("a task created there is another task").isNotSameAs(child).isInstanceOf(Task.class);
        assertThat(seen.get(2)).as("whose parent is the body's task").isSameAs(child);
        assertThat(seen.get(3)).as("timeout and currentDeadline see the task").isEqualTo(true);
        assertThat(seen.get(4)).as("a group's child's parent").isSameAs(child);
        assertThat(seen.get(5)).as("allTasks()").isEqualTo(true);
        assertThat(seen.get(6)).as("Spindle leaves the body's handler in place").isSameAs(own);
        assertThat(seen.get(9)).as("the main task, whose body replaced its handler too").isSameAs(seen.get(8));
    }

    @Test
    void aTaskCancelledWhileAsleepAfterReplacingItsHandlerEndsCancelledWithItsCancellationConsumed() {
        Spindle.run(() -> {
            CountDownLatch replaced = new CountDownLatch(1);
            Task<Boolean> sleeper = Spindle.createTask(() -> {
                Thread.currentThread().setUncaughtExceptionHandler((t, e) -> { });
                replaced.countDown();
                try {
                    Spindle.sleep(Duration.ofSeconds(30));
                } catch (CancellationException e) {
                    assertThat(e).hasMessageContaining("was cancelled: stop");
                }
                return Thread.currentThread().isInterrupted(); // a cancellation seen as delivered is consumed
            });
            replaced.await();
            sleeper.cancel("stop");
            assertThat(sleeper.join()).as("the interrupt was consumed, not put back").isFalse();
            return null;
        });
    }

    @Test
    void manyTasksThatReplaceTheirHandlersEachFindTheirOwnTaskBeforeAndAfterTheRunFirstSawOne() {
        int tasks = 200;
        Spindle.run(() -> {
            CountDownLatch allStarted = new CountDownLatch(tasks);
            CountDownLatch go = new CountDownLatch(1);
            List<Task<Task<?>>> early = new ArrayList<>();
            for (int i = 0; i < tasks; i++) { // running before any thread of the run detached
                early.add(Spindle.createTask(() -> {
                    allStarted.countDown();
                    go.await();
                    Thread.currentThread().setUncaughtExceptionHandler((t, e) -> { });
                    return Spindle.currentTask();
                }));
            }
            allStarted.await();
            go.countDown();
            List<Task<Task<?>>> late = new ArrayList<>();
            for (int i = 0; i < tasks; i++) { // started while or after the run learns that bodies detach
                late.add(Spindle.createTask(() -> {
                    Thread.currentThread().setUncaughtExceptionHandler(null);
                    return Spindle.currentTask();
                }));
            }
            for (Task<Task<?>> t : early) {
                assertThat(t.join()).isSameAs(t);
            }
            for (Task<Task<?>> t : late) {
                assertThat(t.join()).isSameAs(t);
            }
            return null;
        });
    }

    @Test
    void aPlainThreadStillRunsNoTaskWhileTasksOfARunHaveReplacedTheirHandlers() {
        Throwable fromPlainThread = Spindle.run(() -> {
            Thread.currentThread().setUncaughtExceptionHandler((t, e) -> { });
            Spindle.currentTask(); // the run has now seen a detached thread
            return currentTaskFailureOnAPlainVirtualThread();
        });
        assertThat(fromPlainThread).isInstanceOf(IllegalStateException.class);
    }

    /** What {@code currentTask()} throws on a new virtual thread that runs no task, or {@code null}. */
    private static Throwable currentTaskFailureOnAPlainVirtualThread() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread plain = Thread.ofVirtual().start(() -> {
            try {
                Spindle.currentTask();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        plain.join();
        return thrown.get();
    }
}
