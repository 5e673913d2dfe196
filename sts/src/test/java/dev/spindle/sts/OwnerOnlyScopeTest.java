package dev.spindle.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spindle.engine.EngineScope;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The scope of a gather: the opener forks directly, nobody else may. */
class OwnerOnlyScopeTest {

    @Test
    void theOpenerStartsNamedTasksAndCloseWaitsForThem() {
        EngineScope scope = OwnerOnlyScope.open("gather-x");
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 50; i++) {
            scope.start(() -> ran.add(Thread.currentThread()), "g-" + i);
        }
        scope.close();

        assertThat(ran).hasSize(50).allMatch(Thread::isVirtual).noneMatch(Thread::isAlive);
        assertThat(ran).extracting(Thread::getName).contains("g-0", "g-49");
    }

    @Test
    void anotherThreadCannotStartATask() throws InterruptedException {
        EngineScope scope = OwnerOnlyScope.open("mine");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread other = Thread.ofVirtual().start(() -> {
            try {
                scope.start(() -> { }, "stranger");
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        other.join();
        scope.close();

        assertThat(thrown.get()).isInstanceOf(WrongThreadException.class);
    }

    @Test
    void startAfterCloseFailsWithIllegalStateException() {
        EngineScope scope = OwnerOnlyScope.open("done");
        scope.close();
        scope.close(); // idempotent

        assertThatThrownBy(() -> scope.start(() -> { }, "late")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeKeepsTheOpenersInterrupt() {
        EngineScope scope = OwnerOnlyScope.open("interrupted");
        scope.start(() -> { }, "quick");
        Thread.currentThread().interrupt();
        try {
            scope.close();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aTaskOfTheScopeOpensItsOwnNestedScopes() {
        EngineScope scope = OwnerOnlyScope.open("parent");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Set<String> ran = ConcurrentHashMap.newKeySet();
        scope.start(() -> {
            try {
                EngineScope group = scope.openNested("group");
                group.start(() -> ran.add("in-group"), "in-group");
                group.close();
                EngineScope gather = scope.openNestedOwnerOnly("gather");
                gather.start(() -> ran.add("in-gather"), "in-gather");
                gather.close();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "child");
        scope.close();

        assertThat(failure.get()).isNull();
        assertThat(ran).containsExactlyInAnyOrder("in-group", "in-gather");
    }
}
