package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ContextPropagator}: context captured where each task is created reaches its body, whichever way
 * the task starts, and is cleaned up after, on the task's own thread.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ContextPropagationTest {

    private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

    /** Carries {@link #REQUEST}; records every restore and close with its thread. */
    private static final class RequestPropagator implements ContextPropagator {
        final List<String> events = new CopyOnWriteArrayList<>();
        final AtomicInteger restores = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public Snapshot capture() {
            String captured = REQUEST.get();
            return () -> {
                String previous = REQUEST.get();
                REQUEST.set(captured);
                restores.incrementAndGet();
                Thread restoredOn = Thread.currentThread();
                return () -> {
                    assertThat(Thread.currentThread()).isSameAs(restoredOn);
                    if (previous == null) {
                        REQUEST.remove();
                    } else {
                        REQUEST.set(previous);
                    }
                    closes.incrementAndGet();
                };
            };
        }
    }

    private final RequestPropagator propagator = new RequestPropagator();
    private final Runner runner = Runner.create().withContextPropagator(propagator);

    @AfterEach
    void clear() {
        REQUEST.remove();
    }

    @Test
    @DisplayName("the value of the thread that calls run reaches the main task, createTask, group, gather and toThread bodies")
    void contextReachesEveryWayATaskStarts() {
        REQUEST.set("r-42");
        List<String> seen = runner.run(() -> {
            List<String> values = new CopyOnWriteArrayList<>();
            values.add("main=" + REQUEST.get());
            values.add("createTask=" + Spindle.createTask(REQUEST::get).join());
            values.add("named=" + Spindle.createTask("named", REQUEST::get).join());
            Spindle.taskGroup(tg -> tg.createTask(() -> values.add("group=" + REQUEST.get())));
            values.addAll(Spindle.gather(() -> "gather=" + REQUEST.get(), () -> "gather=" + REQUEST.get()));
            values.add("toThread=" + Spindle.toThread(REQUEST::get));
            values.add("grandchild=" + Spindle.createTask(() -> Spindle.createTask(REQUEST::get).join()).join());
            return values;
        });
        assertThat(seen).containsExactlyInAnyOrder("main=r-42", "createTask=r-42", "named=r-42", "group=r-42",
                "gather=r-42", "gather=r-42", "toThread=r-42", "grandchild=r-42");
        assertThat(REQUEST.get()).isEqualTo("r-42");
        assertThat(propagator.closes.get()).isEqualTo(propagator.restores.get()).isEqualTo(9);
    }

    @Test
    @DisplayName("a task gets the creator's value at the moment it was created, not a later one")
    void contextIsCapturedAtCreation() {
        REQUEST.set("before");
        runner.run(() -> {
            CountDownLatch go = new CountDownLatch(1);
            Task<String> early = Spindle.createTask(() -> {
                go.await();
                return REQUEST.get();
            });
            REQUEST.set("after");
            Task<String> late = Spindle.createTask(REQUEST::get);
            go.countDown();
            assertThat(early.join()).isEqualTo("before");
            assertThat(late.join()).isEqualTo("after");
            return null;
        });
    }

    @Test
    @DisplayName("a value set inside a task reaches neither its parent nor its siblings, and the thread that called run keeps its own")
    void valuesSetInATaskDoNotLeak() {
        REQUEST.set("parent");
        runner.run(() -> {
            CountDownLatch changed = new CountDownLatch(1);
            Task<Void> changer = Spindle.createTask(() -> {
                REQUEST.set("changed-by-child");
                changed.countDown();
                return null;
            });
            Task<String> sibling = Spindle.createTask(() -> {
                changed.await();
                return REQUEST.get();
            });
            changer.join();
            assertThat(sibling.join()).isEqualTo("parent");
            assertThat(REQUEST.get()).isEqualTo("parent");
            Spindle.toThread(() -> {
                REQUEST.set("changed-on-worker");
                return null;
            });
            assertThat(REQUEST.get()).isEqualTo("parent");
            return null;
        });
        assertThat(REQUEST.get()).isEqualTo("parent");
    }

    @Test
    @DisplayName("a toThread worker is back to its own value after the job, even when the job throws")
    void toThreadWorkerIsCleanedUp() {
        List<String> afterClose = new CopyOnWriteArrayList<>();
        ContextPropagator checking = () -> {
            String captured = REQUEST.get();
            return () -> {
                String previous = REQUEST.get();
                REQUEST.set(captured);
                return () -> {
                    REQUEST.set(previous);
                    afterClose.add(Thread.currentThread().getName() + ":" + REQUEST.get());
                };
            };
        };
        REQUEST.set("job");
        Runner.create().withContextPropagator(checking).run(() -> {
            assertThatThrownBy(() -> Spindle.toThread(() -> {
                REQUEST.set("dirty");
                throw new IllegalStateException("boom");
            })).isInstanceOf(IllegalStateException.class);
            return null;
        });
        assertThat(afterClose).anySatisfy(s -> assertThat(s).startsWith("spindle-to-thread-").endsWith(":null"));
    }

    @Test
    @DisplayName("the context is closed after the body however the task ended: returned, failed or cancelled")
    void contextIsClosedForEveryOutcome() {
        REQUEST.set("r");
        runner.run(() -> {
            Task<Void> fails = Spindle.createTask(() -> {
                throw new IllegalArgumentException("fails");
            });
            CountDownLatch started = new CountDownLatch(1);
            Task<Void> cancelled = Spindle.createTask(() -> {
                started.countDown();
                Spindle.sleep(60_000);
                return null;
            });
            started.await();
            cancelled.cancel();
            assertThatThrownBy(fails::join).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(cancelled::join).isInstanceOf(CancellationException.class);
            return null;
        });
        assertThat(propagator.restores.get()).isEqualTo(3);
        assertThat(propagator.closes.get()).isEqualTo(3);
    }

    @Test
    @DisplayName("a task born cancelled (created while its run shuts down) never restores its context")
    void taskCancelledBeforeStartRestoresNothing() {
        List<Task<String>> born = new CopyOnWriteArrayList<>();
        runner.run(() -> {
            CountDownLatch sleeping = new CountDownLatch(1);
            Spindle.createTask(() -> {
                try {
                    sleeping.countDown();
                    Spindle.sleep(60_000);
                } catch (CancellationException shutdown) {
                    born.add(Spindle.createTask(() -> "never"));
                }
                return null;
            });
            sleeping.await();
            return null;
        });
        assertThat(born).singleElement().satisfies(t -> assertThat(t.isCancelled()).isTrue());
        assertThat(propagator.restores.get()).isEqualTo(2); // main and the lingering task
        assertThat(propagator.closes.get()).isEqualTo(2);
    }

    @Test
    @DisplayName("global propagators apply to every run, before the runner's own, and closing the registration removes them")
    void globalPropagatorsApplyFirstAndUninstall() {
        List<String> order = new CopyOnWriteArrayList<>();
        ContextPropagator global = () -> () -> {
            order.add("restore global");
            return () -> order.add("close global");
        };
        ContextPropagator own = () -> () -> {
            order.add("restore own");
            return () -> order.add("close own");
        };
        try (Runner.Registration registration = Runner.installGlobalContextPropagator(global)) {
            Runner.create().withContextPropagator(own).run(() -> null);
            assertThat(order).containsExactly("restore global", "restore own", "close own", "close global");
            registration.close();
            order.clear();
            Runner.create().run(() -> null);
            assertThat(order).isEmpty();
        }
    }

    @Test
    @DisplayName("a capture that throws is logged and the task runs without that context")
    void throwingCaptureIsLoggedAndSkipped() {
        ContextPropagator broken = () -> {
            throw new IllegalStateException("capture broke");
        };
        try (JulCapture log = JulCapture.start()) {
            String result = Runner.create().withContextPropagator(broken).withContextPropagator(propagator)
                    .run(() -> "ran");
            assertThat(result).isEqualTo("ran");
            assertThat(log.at(Level.WARNING)).anySatisfy(r -> assertThat(r.getThrown()).hasMessage("capture broke"));
        }
        assertThat(propagator.restores.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("a restore that throws fails the task with that exception, its body does not run, and the scopes restored before it are closed")
    void throwingRestoreFailsTheTask() {
        AtomicInteger bodies = new AtomicInteger();
        ContextPropagator broken = () -> () -> {
            throw new IllegalStateException("restore broke");
        };
        Runner both = runner.withContextPropagator(broken);
        assertThatThrownBy(() -> both.run(() -> {
            bodies.incrementAndGet();
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessage("restore broke");
        assertThat(bodies.get()).isZero();
        assertThat(propagator.closes.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("a close that throws is logged and the task keeps its result")
    void throwingCloseKeepsTheOutcome() {
        ContextPropagator broken = () -> () -> () -> {
            throw new IllegalStateException("close broke");
        };
        try (JulCapture log = JulCapture.start()) {
            assertThat(Runner.create().withContextPropagator(broken).run(() -> 7)).isEqualTo(7);
            assertThat(log.at(Level.WARNING)).anySatisfy(r -> assertThat(r.getThrown()).hasMessage("close broke"));
        }
    }

    @Test
    @DisplayName("[misuse] null propagators are refused with the argument's name")
    void nullPropagatorIsRefused() {
        assertThatThrownBy(() -> Runner.create().withContextPropagator(null))
                .isInstanceOf(NullPointerException.class).hasMessage("propagator");
        assertThatThrownBy(() -> Runner.installGlobalContextPropagator(null))
                .isInstanceOf(NullPointerException.class).hasMessage("propagator");
    }
}
