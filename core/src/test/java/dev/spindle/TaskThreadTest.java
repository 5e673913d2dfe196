package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * How a task's thread looks from the outside and how it finds its task: the thread is named after the
 * task only when the task was given a name (or is a run's main task), and {@code currentTask()} answers
 * on the task's own thread and nowhere else.
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
            Thread plain = Thread.ofVirtual().start(() -> {
                try {
                    Spindle.currentTask();
                } catch (Throwable t) {
                    fromPlainThread.set(t);
                }
            });
            plain.join();
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
}
