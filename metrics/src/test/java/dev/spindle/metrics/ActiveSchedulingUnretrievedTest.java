package dev.spindle.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spindle.Runner;
import dev.spindle.Spindle;
import dev.spindle.Task;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The scrape-time gauges {@code spindle.task.active} and {@code spindle.task.oldest},
 * {@code spindle.task.scheduling} and {@code spindle.failures.unretrieved}.
 */
class ActiveSchedulingUnretrievedTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Nested
    class Active {

        private double active(String run, String name) {
            return f.registry.get("spindle.task.active").tags("run", run, "name", name).gauge().value();
        }

        private double oldestMillis(String run, String name) {
            return f.registry.get("spindle.task.oldest").tags("run", run, "name", name).timeGauge()
                    .value(TimeUnit.MILLISECONDS);
        }

        @Test
        void runningTasksAreCountedByRunAndNameAndTheOldestOnesAgeIsShown() {
            CountDownLatch started = new CountDownLatch(3);
            CountDownLatch release = new CountDownLatch(1);
            f.runner.withName("ingest").run(() -> {
                for (int i = 0; i < 3; i++) {
                    Spindle.createTask("worker-" + i, () -> {
                        started.countDown();
                        release.await();
                        return null;
                    });
                }
                started.await();
                await().atMost(Duration.ofSeconds(5)).until(() -> active("ingest", "worker") == 3.0);
                await().atMost(Duration.ofSeconds(5)).until(() -> oldestMillis("ingest", "worker") >= 50.0);
                assertThat(active("ingest", "ingest")).as("the main task itself, named after its run").isEqualTo(1.0);
                assertThat(oldestMillis("ingest", "ingest")).isGreaterThanOrEqualTo(oldestMillis("ingest", "worker"));
                release.countDown();
                return null;
            });

            await().atMost(Duration.ofSeconds(5)).until(() -> active("ingest", "worker") == 0.0);
            assertThat(oldestMillis("ingest", "worker")).isZero();
            assertThat(active("ingest", "ingest")).isZero();
        }

        @Test
        void failedCancelledAndTimedOutTasksLeaveTheRunningSetToo() {
            f.runner.run(() -> {
                Task<Object> failing = Spindle.createTask("job", () -> { throw new IllegalStateException(); });
                Task<Object> sleeping = Spindle.createTask("job", () -> { Spindle.sleep(10_000); return null; });
                Task<Object> cancelled = Spindle.createTask("job", () -> { Spindle.sleep(10_000); return null; });
                Spindle.waitTasks(List.of(failing), dev.spindle.ReturnWhen.ALL_COMPLETED);
                failing.exceptionNow();
                cancelled.cancel();
                try {
                    Spindle.waitFor(sleeping, Duration.ofMillis(20));
                } catch (dev.spindle.DeadlineExceededException expected) {
                    // the point of the test
                }
                return null;
            });

            await().atMost(Duration.ofSeconds(5)).until(() -> active("run", "job") == 0.0);
        }

        /**
         * Measured as the scraping thread's CPU time, which a busy machine does not inflate (the wall time
         * is printed beside it); the scrapes run on a platform thread while the tasks are held.
         */
        @Test
        void aScrapeOfTenThousandRunningTasksTakesUnderFiftyMillisAndDoesNotStopThem() throws Exception {
            int tasks = 10_000;
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            SpindleMetrics metrics = new SpindleMetrics(SpindleMetricsConfig.defaults().withVirtualThreadMetrics(false)
                    .withPercentileHistogram(true));
            metrics.bindTo(prometheus);
            CountDownLatch started = new CountDownLatch(tasks);
            CountDownLatch scraped = new CountDownLatch(1);
            AtomicInteger finished = new AtomicInteger();
            AtomicInteger createdDuringScrapes = new AtomicInteger();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            try {
                Thread run = Thread.ofPlatform().start(() -> Runner.create().withName("storm").withObserver(metrics)
                        .run(() -> {
                            List<Task<Integer>> held = new ArrayList<>();
                            for (int i = 0; i < tasks; i++) {
                                held.add(Spindle.createTask("held", () -> {
                                    started.countDown();
                                    scraped.await();
                                    return finished.incrementAndGet();
                                }));
                            }
                            while (scraped.getCount() > 0) { // tasks keep starting and ending during the scrapes
                                Spindle.createTask(() -> createdDuringScrapes.incrementAndGet()).join();
                            }
                            held.forEach(Task::join);
                            return null;
                        }));
                assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
                int scrapes = 25; // a service scrapes for its lifetime: the first ten warm up
                long[] cpu = new long[scrapes];
                long[] wall = new long[scrapes];
                for (int i = 0; i < scrapes; i++) {
                    Thread.sleep(InFlight.MAX_AGE_NANOS / 1_000_000 + 1); // each scrape takes a new snapshot
                    long c0 = threads.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    String text = prometheus.scrape();
                    wall[i] = System.nanoTime() - t0;
                    cpu[i] = threads.getCurrentThreadCpuTime() - c0;
                    assertThat(text).contains("spindle_task_active_tasks{name=\"held\",run=\"storm\"} 10000.0");
                }
                int before = createdDuringScrapes.get();
                await().atMost(Duration.ofSeconds(30)).until(() -> createdDuringScrapes.get() > before);
                scraped.countDown();
                run.join();

                long[] warmCpu = Arrays.copyOfRange(cpu, 10, scrapes);
                long[] warmWall = Arrays.copyOfRange(wall, 10, scrapes);
                Arrays.sort(warmCpu);
                Arrays.sort(warmWall);
                System.out.printf("scrape of %,d running tasks: median CPU %.1f ms, median wall %.1f ms, max wall"
                        + " %.1f ms (after 10 warm-up scrapes)%n", tasks, warmCpu[warmCpu.length / 2] / 1e6,
                        warmWall[warmWall.length / 2] / 1e6, warmWall[warmWall.length - 1] / 1e6);
                assertThat(warmCpu[warmCpu.length / 2]).as("median scrape CPU time, ns").isLessThan(50_000_000L);
                assertThat(finished).hasValue(tasks);
                assertThat(createdDuringScrapes.get()).as("tasks started and ended while scraped").isPositive();
            } finally {
                metrics.close();
                prometheus.close();
            }
        }
    }

    @Nested
    class Scheduling {

        @Test
        void everyStartedTaskRecordsItsSchedulingDelayOnce() {
            f.runner.run(() -> Spindle.gather(() -> 1, () -> 2, () -> 3, () -> 4, () -> 5));

            Timer scheduling = f.registry.get("spindle.task.scheduling").timer();
            assertThat(scheduling.count()).as("five gathered tasks and the main task").isEqualTo(6);
            assertThat(scheduling.max(TimeUnit.SECONDS)).isLessThan(5.0);
            assertThat(scheduling.getId().getTags()).isEmpty();
        }

        @Test
        void withSamplingOnlyTheTasksWhoseIdIsAMultipleRecordTheirDelayWhileRunTimeRecordsEveryTask() {
            try (Fixture sampled = new Fixture(SpindleMetricsConfig.defaults().withVirtualThreadMetrics(false)
                    .withSchedulingSampling(4))) {
                List<Long> ids = sampled.runner.run(() -> {
                    List<Task<Long>> tasks = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        tasks.add(Spindle.createTask("sampled", () -> Spindle.currentTask().id()));
                    }
                    List<Long> all = new ArrayList<>(Spindle.gather(tasks));
                    all.add(Spindle.currentTask().id());
                    return all;
                });

                long multiples = ids.stream().filter(id -> id % 4 == 0).count();
                assertThat(multiples).as("ids are consecutive: about a quarter are multiples of 4").isBetween(45L, 55L);
                assertThat(sampled.registry.get("spindle.task.scheduling").timer().count()).isEqualTo(multiples);
                assertThat(sampled.registry.get("spindle.task").tag("name", "sampled").timer().count()).isEqualTo(200);
            }
        }

        @Test
        void byDefaultOneTaskInSixteenRecordsItsDelay() {
            assertThat(SpindleMetricsConfig.defaults().schedulingSampling())
                    .isEqualTo(SpindleMetricsConfig.DEFAULT_SCHEDULING_SAMPLING).isEqualTo(16);
            try (Fixture sampled = new Fixture(SpindleMetricsConfig.defaults().withVirtualThreadMetrics(false))) {
                List<Long> ids = sampled.runner.run(() -> {
                    List<Task<Long>> tasks = new ArrayList<>();
                    for (int i = 0; i < 320; i++) {
                        tasks.add(Spindle.createTask(() -> Spindle.currentTask().id()));
                    }
                    List<Long> all = new ArrayList<>(Spindle.gather(tasks));
                    all.add(Spindle.currentTask().id());
                    return all;
                });

                assertThat(sampled.registry.get("spindle.task.scheduling").timer().count())
                        .isEqualTo(ids.stream().filter(id -> id % 16 == 0).count())
                        .isBetween(19L, 21L);
            }
        }
    }

    @Nested
    class Unretrieved {

        @Test
        void aFailureNobodyRetrievedIsCountedWhenTheRunEnds() {
            f.runner.run(() -> {
                CountDownLatch done = new CountDownLatch(2);
                Spindle.createTask("orphan", () -> { throw new IllegalStateException("lost"); })
                        .onDone(t -> done.countDown());
                Spindle.createTask("orphan", () -> { throw new IllegalArgumentException("lost too"); })
                        .onDone(t -> done.countDown());
                done.await();
                return null;
            });

            Counter unretrieved = f.registry.get("spindle.failures.unretrieved").counter();
            assertThat(unretrieved.count()).isEqualTo(2.0);
            assertThat(f.registry.get("spindle.task").tags("name", "orphan", "outcome", "failure").timers()).hasSize(2);
        }

        @Test
        void aRetrievedFailureIsNotCounted() {
            f.runner.run(() -> {
                Task<Object> t = Spindle.createTask("seen", () -> { throw new IllegalStateException(); });
                try {
                    t.join();
                } catch (IllegalStateException expected) {
                    // retrieved
                }
                return null;
            });

            assertThat(f.registry.get("spindle.failures.unretrieved").counter().count()).isZero();
        }
    }
}
