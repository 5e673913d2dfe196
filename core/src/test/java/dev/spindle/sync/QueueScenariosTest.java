package dev.spindle.sync;

import static dev.spindle.Spindle.createTask;
import static dev.spindle.Spindle.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spindle.DeadlineExceededException;
import dev.spindle.Spindle;
import dev.spindle.Task;
import dev.spindle.TestTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Scenarios K (102-108) of the asyncio reference: queues. */
class QueueScenariosTest {

    @Test
    @DisplayName("102 unbounded queue is FIFO and getNowait on empty throws; bounded full queue rejects putNowait")
    void capacityAndNowaitCalls() {
        Queue<Integer> q = new Queue<>();
        assertThat(q.maxsize()).isZero();
        q.putNowait(0);
        q.putNowait(1);
        q.putNowait(2);
        assertThat(List.of(q.getNowait(), q.getNowait(), q.getNowait())).containsExactly(0, 1, 2);
        assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmptyException.class);

        Queue<String> two = new Queue<>(2);
        two.putNowait("a");
        two.putNowait("b");
        assertThat(two.isFull()).isTrue();
        assertThatThrownBy(() -> two.putNowait("c")).isInstanceOf(QueueFullException.class);
        assertThat(two.qsize()).isEqualTo(2);

        for (int maxsize : new int[] {0, -5}) {
            Queue<Integer> unbounded = new Queue<>(maxsize);
            for (int i = 0; i < 10; i++) {
                unbounded.putNowait(i);
            }
            assertThat(unbounded.isFull()).isFalse();
            assertThat(unbounded.qsize()).isEqualTo(10);
            assertThat(unbounded.maxsize()).isZero();
        }
    }

    @Test
    @DisplayName("103 a get on a full queue lets the blocked put finish; blocked getters and putters are served FIFO")
    void blockedCallersAreServedInArrivalOrder() {
        run(() -> {
            Queue<String> q = new Queue<>(2);
            q.put("a");
            q.put("b");
            Task<Object> producer = createTask(() -> { q.put("c"); return null; });
            Awaits.until("producer blocked", () -> q.waitingPutters() == 1);
            assertThat(q.get()).isEqualTo("a");
            producer.join();
            assertThat(List.of(q.getNowait(), q.getNowait())).containsExactly("b", "c");

            List<Task<String>> getters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                getters.add(createTask(() -> q.get()));
                int blocked = i + 1;
                Awaits.until("getter " + i + " blocked", () -> q.waitingGetters() == blocked);
            }
            q.put("x");
            q.put("y");
            q.put("z");
            assertThat(getters.stream().map(Task::join).toList()).containsExactly("x", "y", "z");

            Queue<String> one = new Queue<>(1);
            one.put("first");
            List<String> finished = new CopyOnWriteArrayList<>();
            List<Task<Object>> putters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String item = "p" + i;
                putters.add(createTask(() -> { one.put(item); finished.add(item); return null; }));
                int blocked = i + 1;
                Awaits.until("putter " + i + " blocked", () -> one.waitingPutters() == blocked);
            }
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                got.add(one.get());
            }
            putters.forEach(Task::join);
            assertThat(got).as("putters' items went in FIFO").containsExactly("first", "p0", "p1", "p2");
            // the putters' own code after put() races once they are released, so only membership is fixed
            assertThat(finished).containsExactlyInAnyOrder("p0", "p1", "p2");
        });
    }

    @Test
    @DisplayName("104 join returns once every item is marked done; an extra taskDone throws; join on a fresh queue returns at once")
    void taskDoneAndJoin() {
        run(() -> {
            Queue<Integer> q = new Queue<>();
            for (int i = 0; i < 3; i++) {
                q.put(i);
            }
            long t0 = TestTime.nanoTime();
            createTask(() -> {
                for (int i = 0; i < 3; i++) {
                    q.get();
                    Spindle.sleep(10);
                    q.taskDone();
                }
                return null;
            });
            q.join();
            TestTime.assertMillis("join after three 10 ms jobs", TestTime.millisSince(t0), 30L, 1_000L);
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("taskDone() called too many times");

            long t1 = TestTime.nanoTime();
            new Queue<String>().join();
            TestTime.assertMillis("join of a fresh queue", TestTime.millisSince(t1), 0L, 200L);
        });
    }

    record Job(int priority, String name) implements Comparable<Job> {
        @Override
        public int compareTo(Job o) {
            int c = Integer.compare(priority, o.priority);
            return c != 0 ? c : name.compareTo(o.name);
        }
    }

    @Test
    @DisplayName("105 PriorityQueue returns the smallest first, ties by the next field; LifoQueue is LIFO")
    void priorityAndLifoOrder() {
        PriorityQueue<Job> pq = new PriorityQueue<>();
        pq.putNowait(new Job(3, "c"));
        pq.putNowait(new Job(1, "a"));
        pq.putNowait(new Job(2, "b"));
        pq.putNowait(new Job(1, "a2"));
        assertThat(List.of(pq.getNowait(), pq.getNowait(), pq.getNowait(), pq.getNowait()))
                .containsExactly(new Job(1, "a"), new Job(1, "a2"), new Job(2, "b"), new Job(3, "c"));

        LifoQueue<Integer> lifo = new LifoQueue<>();
        lifo.putNowait(0);
        lifo.putNowait(1);
        lifo.putNowait(2);
        assertThat(List.of(lifo.getNowait(), lifo.getNowait(), lifo.getNowait())).containsExactly(2, 1, 0);
    }

    @Test
    @DisplayName("106 a cancelled get loses no item; a get bounded by a timeout expires and leaves the queue unchanged")
    void cancelledAndTimedOutGetsLoseNothing() {
        run(() -> {
            Queue<String> q = new Queue<>();
            Task<String> getter = createTask(() -> q.get());
            Awaits.until("getter blocked", () -> q.waitingGetters() == 1);
            getter.cancel();
            assertThatThrownBy(getter::join).isInstanceOf(CancellationException.class);
            q.putNowait("item");
            assertThat(q.qsize()).isEqualTo(1);
            assertThat(q.getNowait()).isEqualTo("item");

            long t0 = TestTime.nanoTime();
            assertThatThrownBy(() -> Spindle.timeout(Duration.ofMillis(10), q::get))
                    .isInstanceOf(DeadlineExceededException.class);
            TestTime.assertMillis("get in timeout(10 ms)", TestTime.millisSince(t0), 10L, 1_000L);
            long t1 = TestTime.nanoTime();
            assertThatThrownBy(() -> q.get(Duration.ofMillis(10))).isInstanceOf(DeadlineExceededException.class);
            TestTime.assertMillis("get(10 ms)", TestTime.millisSince(t1), 10L, 1_000L);
            assertThat(q.waitingGetters()).isZero();
            q.putNowait("later");
            assertThat(q.getNowait()).isEqualTo("later");
        });
    }

    @Test
    @DisplayName("107 after shutdown puts throw, gets drain then throw, blocked getters and putters wake with QueueShutDownException")
    void shutdownDrainsThenRefuses() {
        run(() -> {
            Queue<Integer> q = new Queue<>();
            q.put(1);
            q.put(2);
            q.shutdown();
            assertThatThrownBy(() -> q.put(3)).isInstanceOf(QueueShutDownException.class);
            assertThatThrownBy(() -> q.putNowait(3)).isInstanceOf(QueueShutDownException.class);
            assertThat(q.get()).isEqualTo(1);
            assertThat(q.get()).isEqualTo(2);
            assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
            assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutDownException.class);

            Queue<Integer> empty = new Queue<>();
            Task<Integer> getter = createTask(() -> empty.get());
            Awaits.until("getter blocked", () -> empty.waitingGetters() == 1);
            Queue<Integer> full = new Queue<>(1);
            full.put(0);
            Task<Object> putter = createTask(() -> { full.put(1); return null; });
            Awaits.until("putter blocked", () -> full.waitingPutters() == 1);
            empty.shutdown();
            full.shutdown();
            assertThatThrownBy(getter::join).isInstanceOf(QueueShutDownException.class);
            assertThatThrownBy(putter::join).isInstanceOf(QueueShutDownException.class);
            assertThat(full.get()).isZero();
        });
    }

    @Test
    @DisplayName("108 shutdown(immediate) empties the queue, counts discarded items as done, and join waits for the taken one")
    void immediateShutdownDiscardsAndJoinWaitsForTakenItems() {
        run(() -> {
            Queue<String> q = new Queue<>();
            q.put("a");
            q.put("b");
            q.put("c");
            assertThat(q.get()).isEqualTo("a");
            Task<Object> joiner = createTask(() -> { q.join(); return null; });
            Awaits.until("joiner blocked", () -> q.waitingJoiners() == 1);
            q.shutdown(true);
            assertThat(q.qsize()).isZero();
            assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutDownException.class);
            assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
            assertThat(q.join(Duration.ZERO)).as("one taken item is still unfinished").isFalse();
            assertThat(joiner.isDone()).isFalse();
            q.taskDone();
            joiner.join();
            assertThat(q.join(Duration.ZERO)).isTrue();
        });
    }
}
