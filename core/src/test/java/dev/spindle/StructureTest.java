package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** DESIGN.md "Ownership and structure", point by point. */
class StructureTest {

    @Nested
    @DisplayName("1. tasks belong to their run")
    class TasksBelongToTheRun {

        @Test
        void aChildOutlivesTheTaskThatCreatedIt() {
            List<String> events = new CopyOnWriteArrayList<>();
            Spindle.run(() -> {
                Task<Task<String>> parent = Spindle.createTask(() -> Spindle.createTask(() -> {
                    Spindle.sleep(100);
                    events.add("child done");
                    return "child";
                }));
                Task<String> child = parent.join();
                events.add("parent done");
                assertThat(parent.isDone()).isTrue();
                assertThat(child.join()).isEqualTo("child");
                assertThat(child.parent()).containsSame(parent);
            });
            assertThat(events).containsExactly("parent done", "child done");
        }

        @Test
        void tasksStillRunningWhenMainEndsAreCancelledAndAwaitedAndNoThreadSurvives() {
            List<Thread> threads = new CopyOnWriteArrayList<>();
            List<String> cleanups = new CopyOnWriteArrayList<>();
            List<Task<?>> tasks = new CopyOnWriteArrayList<>();
            String result = Spindle.run(() -> {
                for (int i = 0; i < 50; i++) {
                    int n = i;
                    tasks.add(Spindle.createTask(() -> {
                        threads.add(Thread.currentThread());
                        try {
                            Spindle.sleep(60_000);
                        } finally {
                            Thread.sleep(n % 5); // cleanup that takes a while still finishes before run returns
                            cleanups.add("cleaned " + n);
                        }
                        return null;
                    }));
                }
                await().until(() -> threads.size() == 50);
                return "main";
            });
            assertThat(result).isEqualTo("main");
            assertThat(cleanups).hasSize(50);
            assertThat(tasks).allMatch(Task::isCancelled);
            assertThat(tasks).allMatch(t -> t.endReason().orElseThrow() instanceof EndReason.RunShutdown);
            assertThat(threads).noneMatch(Thread::isAlive);
        }

        @Test
        void tasksWhoseCreatorsFinishedLongAgoAreStillListedCancelledAndAwaited() {
            List<Task<?>> grandchildren = new CopyOnWriteArrayList<>();
            List<Thread> threads = new CopyOnWriteArrayList<>();
            Spindle.run(() -> {
                for (int i = 0; i < 20; i++) {
                    Spindle.createTask(() -> { // a creator that returns at once, leaving its tasks running
                        for (int j = 0; j < 10; j++) {
                            grandchildren.add(Spindle.createTask(() -> {
                                threads.add(Thread.currentThread());
                                Spindle.sleep(60_000);
                                return null;
                            }));
                        }
                        return null;
                    }).join();
                }
                for (int i = 0; i < 1_000; i++) {
                    Spindle.createTask(() -> null).join(); // main reuses its slots: the creators leave them
                }
                await().until(() -> threads.size() == 200);
                assertThat(Spindle.allTasks()).containsAll(grandchildren);
            });
            assertThat(grandchildren).hasSize(200).allMatch(t -> t.endReason().orElseThrow() instanceof EndReason.RunShutdown);
            assertThat(threads).noneMatch(Thread::isAlive);
        }

        @Test
        void theShutdownGraceLetsTasksFinishBeforeTheyAreCancelled() {
            List<Task<String>> tasks = new CopyOnWriteArrayList<>();
            Runner.create().withShutdownGrace(Duration.ofSeconds(5)).run(() -> {
                tasks.add(Spindle.createTask(() -> {
                    Spindle.sleep(100);
                    return "finished on its own";
                }));
            });
            assertThat(tasks.get(0).resultNow()).isEqualTo("finished on its own");
        }

        @Test
        void childrenOfAShieldedGroupAreStillCancelledWhenMainEnds() {
            // The run finds a group's children through the group's owner, not in its own list; a shielded
            // owner does not pass the run's cancellation on to its group, so the run must reach the child.
            List<Task<?>> children = new CopyOnWriteArrayList<>();
            List<String> events = new CopyOnWriteArrayList<>();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Spindle.run(() -> {
                CountDownLatch childRunning = new CountDownLatch(1);
                Spindle.createTask("owner", () -> Spindle.shield(() -> Spindle.taskGroup(g -> {
                    children.add(g.createTask("child", () -> {
                        childRunning.countDown();
                        Spindle.sleep(Duration.ofHours(1));
                        return null;
                    }));
                    return null;
                })));
                Spindle.createTask(() -> Spindle.gather(() -> {
                    events.add("gather child started");
                    Spindle.sleep(Duration.ofHours(1));
                    return null;
                }));
                childRunning.await();
                await().until(() -> events.contains("gather child started"));
                return null;
            }));
            assertThat(children).singleElement().satisfies(c -> {
                assertThat(c.isCancelled()).isTrue();
                assertThat(c.endReason()).containsInstanceOf(EndReason.RunShutdown.class);
            });
        }

        @Test
        void allTasksAndDumpsListTheChildrenOfGroupsAndGathers() {
            Spindle.run(() -> {
                CountDownLatch release = new CountDownLatch(1);
                Spindle.taskGroup("outer", g -> {
                    Task<?> grouped = g.createTask("grouped", () -> Spindle.gather(() -> {
                        release.await();
                        return "gathered";
                    }));
                    await().pollInSameThread().until(() -> Spindle.allTasks().size() == 3); // main, grouped, the gather's child
                    assertThat(Spindle.allTasks()).contains(Spindle.currentTask(), grouped)
                            .anySatisfy(t -> assertThat(t.parent()).contains(grouped));
                    assertThat(Spindle.dump()).contains("- grouped #").containsPattern("(?m)^    - Task-\\d+ #");
                    release.countDown();
                    return null;
                });
            });
        }

        @Test
        void allTasksListsTheUnfinishedTasksOfTheCurrentRunOnly() {
            Spindle.run(() -> {
                CountDownLatch release = new CountDownLatch(1);
                Task<Object> blocked = Spindle.createTask(() -> {
                    release.await();
                    return null;
                });
                Task<Object> done = Spindle.createTask(() -> null);
                done.join();
                assertThat(Spindle.allTasks()).contains(Spindle.currentTask(), blocked).doesNotContain(done);
                release.countDown();
                blocked.join();
            });
        }
    }

    @Nested
    @DisplayName("2. TaskGroup is fail-fast")
    class TaskGroupIsFailFast {

        @Test
        void theFirstFailureIsThrownWithLaterOnesSuppressed() {
            IllegalStateException cleanupFailure = new IllegalStateException("cleanup failed");
            assertThatThrownBy(() -> Spindle.run(() -> Spindle.taskGroup(g -> {
                g.createTask(() -> {
                    try {
                        Spindle.sleep(60_000);
                    } finally {
                        throw cleanupFailure; // fails while being cancelled
                    }
                });
                g.createTask(() -> {
                    Spindle.sleep(50);
                    throw new IllegalArgumentException("first");
                });
                Spindle.sleep(60_000);
                return null;
            }))).isInstanceOf(IllegalArgumentException.class).hasMessage("first")
                    .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(cleanupFailure));
        }

        @Test
        void cancelEndsTheGroupEarlyWithoutAnError() {
            List<Task<?>> children = new CopyOnWriteArrayList<>();
            Object result = Spindle.run(() -> Spindle.taskGroup(g -> {
                children.add(g.createTask(() -> {
                    Spindle.sleep(60_000);
                    return null;
                }));
                g.cancel();
                Spindle.sleep(60_000);
                return "not reached";
            }));
            assertThat(result).isNull();
            assertThat(children.get(0).isCancelled()).isTrue();
        }

        @Test
        void aChildMayAddSiblingsWhileTheGroupWaits() {
            List<String> events = new CopyOnWriteArrayList<>();
            Spindle.run(() -> Spindle.taskGroup(g -> {
                g.createTask(() -> {
                    Spindle.sleep(50);
                    g.createTask(() -> {
                        Spindle.sleep(50);
                        events.add("late sibling");
                        return null;
                    });
                    return null;
                });
                return null;
            }));
            assertThat(events).containsExactly("late sibling");
        }
    }

    @Nested
    @DisplayName("4. cancellation is cooperative and uses interruption")
    class CancellationIsCooperative {

        @Test
        void anInterruptedExceptionLetOutOfAJdkCallEndsTheTaskCancelled() {
            Spindle.run(() -> {
                CountDownLatch started = new CountDownLatch(1);
                Task<Object> t = Spindle.createTask(() -> {
                    started.countDown();
                    new CountDownLatch(1).await(); // a plain JDK blocking call
                    return null;
                });
                started.await();
                assertThat(t.cancel("enough")).isTrue();
                assertThatThrownBy(t::join).isInstanceOf(CancellationException.class).hasMessageContaining("enough");
                assertThat(t.state()).isEqualTo(Future.State.CANCELLED);
                assertThat(t.endReason()).contains(new EndReason.Cancelled("enough"));
                assertThat(t.cancel()).isFalse();
            });
        }

        @Test
        void aBodyThatSwallowsTheCancellationKeepsRunningAndEndsAsItsBodyEnds() {
            Spindle.run(() -> {
                CountDownLatch started = new CountDownLatch(1);
                Task<String> t = Spindle.createTask(() -> {
                    started.countDown();
                    try {
                        Spindle.sleep(60_000);
                    } catch (CancellationException e) {
                        Spindle.sleep(20); // later blocking calls work again: cancellation is delivered once
                        return "ignored";
                    }
                    return "not cancelled";
                });
                started.await();
                t.cancel();
                assertThat(t.join()).isEqualTo("ignored");
                assertThat(t.isCancelled()).isFalse();
            });
        }
    }

    @Nested
    @DisplayName("5. join never cancels the task it waits for")
    class JoinDoesNotCancel {

        @Test
        void cancellingAJoinerLeavesTheSharedTaskRunning() {
            Spindle.run(() -> {
                Task<String> shared = Spindle.createTask(() -> {
                    Spindle.sleep(200);
                    return "shared";
                });
                CountDownLatch joining = new CountDownLatch(1);
                Task<String> joiner = Spindle.createTask(() -> {
                    joining.countDown();
                    return shared.join();
                });
                joining.await();
                joiner.cancel();
                assertThatThrownBy(joiner::join).isInstanceOf(CancellationException.class);
                assertThat(shared.join()).isEqualTo("shared");
            });
        }
    }

    @Nested
    @DisplayName("6. deadlines nest and propagate")
    class DeadlinesNest {

        @Test
        void anInnerTimeoutCannotOutliveTheOuterOne() {
            Spindle.run(() -> {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> Spindle.timeout(Duration.ofMillis(100), () ->
                        Spindle.timeout(Duration.ofSeconds(30), () -> {
                            Spindle.sleep(60_000);
                            return null;
                        })))
                        .isInstanceOf(DeadlineExceededException.class).hasMessageContaining("PT0.1S");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(99), Duration.ofSeconds(2));
            });
        }

        @Test
        void currentDeadlineIsTheEarliestEnclosingOneAndGroupChildrenSeeIt() {
            Spindle.run(() -> {
                assertThat(Spindle.currentDeadline()).isEmpty();
                Instant outer = Instant.now().plusSeconds(10);
                Spindle.timeoutAt(outer, () -> {
                    assertThat(Spindle.currentDeadline()).contains(outer);
                    Spindle.timeoutAt(outer.plusSeconds(10), () -> {
                        assertThat(Spindle.currentDeadline()).contains(outer);
                        return null;
                    });
                    Instant inner = outer.minusSeconds(5);
                    Spindle.timeoutAt(inner, () -> {
                        assertThat(Spindle.currentDeadline()).contains(inner);
                        Task<java.util.Optional<Instant>> child = Spindle.taskGroup(g -> g.createTask(Spindle::currentDeadline));
                        assertThat(child.join()).contains(inner);
                        return null;
                    });
                    assertThat(Spindle.currentDeadline()).contains(outer);
                    return null;
                });
                assertThat(Spindle.currentDeadline()).isEmpty();
            });
            assertThat(Spindle.currentDeadline()).isEmpty();
        }

        @Test
        void aTimeoutAroundAGroupCancelsItsChildren() {
            List<Task<?>> children = new CopyOnWriteArrayList<>();
            Spindle.run(() -> {
                assertThatThrownBy(() -> Spindle.timeout(Duration.ofMillis(50), () -> Spindle.taskGroup(g -> {
                    children.add(g.createTask(() -> {
                        Spindle.sleep(60_000);
                        return null;
                    }));
                    return null;
                }))).isInstanceOf(DeadlineExceededException.class);
            });
            assertThat(children.get(0).isCancelled()).isTrue();
            assertThat(children.get(0).endReason().orElseThrow()).isInstanceOf(EndReason.ScopeCancelled.class);
        }
    }

    @Nested
    @DisplayName("7. failures are never silent")
    class FailuresAreNeverSilent {

        @Test
        void anUnretrievedFailureIsLoggedAndObservedWhenTheRunEnds() {
            List<LogRecord> records = new CopyOnWriteArrayList<>();
            List<Throwable> observed = new CopyOnWriteArrayList<>();
            Handler handler = new Handler() {
                @Override
                public void publish(LogRecord r) {
                    records.add(r);
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
            Logger logger = Logger.getLogger("dev.spindle");
            logger.addHandler(handler);
            IllegalStateException lost = new IllegalStateException("lost error");
            try {
                Runner.create().withObserver(new TaskObserver() {
                    @Override
                    public void failureUnretrieved(Task<?> task, Throwable failure) {
                        observed.add(failure);
                    }
                }).run(() -> {
                    Task<Object> bad = Spindle.createTask("bad", () -> {
                        throw lost;
                    });
                    Task<Object> seen = Spindle.createTask(() -> {
                        throw new IllegalStateException("retrieved");
                    });
                    while (!bad.isDone() || !seen.isDone()) {
                        Spindle.sleep(1);
                    }
                    assertThat(seen.exceptionNow()).hasMessage("retrieved");
                });
            } finally {
                logger.removeHandler(handler);
            }
            assertThat(observed).containsExactly(lost);
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.getMessage()).contains("never retrieved").contains("'bad'");
                assertThat(r.getThrown()).isSameAs(lost);
            });
        }
    }

    @Nested
    @DisplayName("8. each main file of core can be read at one sitting")
    class FilesStaySmall {

        /** About 400 lines: DESIGN.md "Internal structure (core)". */
        private static final int LIMIT = 400;
        /** Files allowed more, each with its own ceiling and the reason. */
        private static final Map<String, Integer> ALLOWED = Map.of(
                // the public facade: 29 methods, each with its full Javadoc contract (the shared rules are
                // in package-info); its code delegates in a few lines
                "dev/spindle/Spindle.java", 530);

        @Test
        void noMainFileOfCoreIsLongerThanAboutFourHundredLines() throws IOException {
            Path sources = coreMainSources();
            List<String> tooLong;
            try (Stream<Path> files = Files.walk(sources)) {
                tooLong = files.filter(f -> f.toString().endsWith(".java"))
                        .filter(f -> lines(f) > ALLOWED.getOrDefault(relative(sources, f), LIMIT))
                        .map(f -> relative(sources, f) + " (" + lines(f) + " lines)")
                        .sorted().toList();
            }
            assertThat(tooLong).as("files over %d lines (or over their allowance) in %s", LIMIT, sources).isEmpty();
        }

        /** core/src/main/java, found from the working directory (core, or sts running core's tests). */
        private static Path coreMainSources() {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("core/src/main/java");
                if (Files.isRegularFile(candidate.resolve("dev/spindle/Spindle.java"))) {
                    return candidate;
                }
            }
            Assumptions.abort("core's sources are not beside the working directory " + Path.of("").toAbsolutePath()
                    + " (the tests run from a jar outside the source tree); the line count needs them");
            throw new AssertionError("unreachable");
        }

        private static String relative(Path root, Path file) {
            return root.relativize(file).toString().replace('\\', '/');
        }

        private static long lines(Path file) {
            try (Stream<String> lines = Files.lines(file)) {
                return lines.count();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    @DisplayName("join and get report the same outcome as the Future contract")
    void futureContract() throws Exception {
        Spindle.run(() -> {
            Task<Integer> ok = Spindle.createTask(() -> 1);
            assertThat(ok.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(ok.state()).isEqualTo(Future.State.SUCCESS);
            Task<Object> checked = Spindle.createTask(() -> {
                throw new java.io.IOException("disk");
            });
            assertThatThrownBy(checked::join).isInstanceOf(TaskFailedException.class)
                    .hasCauseInstanceOf(java.io.IOException.class);
            assertThatThrownBy(checked::get).isInstanceOf(java.util.concurrent.ExecutionException.class)
                    .hasCauseInstanceOf(java.io.IOException.class);
            assertThatThrownBy(ok::exceptionNow).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(checked::resultNow).isInstanceOf(IllegalStateException.class);
        });
    }
}
