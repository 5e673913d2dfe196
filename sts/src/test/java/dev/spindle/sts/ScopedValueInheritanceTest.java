package dev.spindle.sts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spindle.Runner;
import dev.spindle.Spindle;
import dev.spindle.Task;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * With the StructuredTaskScope engine a task sees the {@link ScopedValue} bindings that were in effect
 * where its scope was opened: around {@code run} for tasks of the run, around {@code taskGroup} or
 * {@code gather} for their children. The portable engine passes none on.
 */
class ScopedValueInheritanceTest {

    private static final ScopedValue<String> REQUEST = ScopedValue.newInstance();
    private static final InheritableThreadLocal<String> TENANT = new InheritableThreadLocal<>();
    private static final Runner STS = Runner.create().withEngine(StsEngine.NAME);
    private static final Runner PORTABLE = Runner.create().withEngine("portable");

    private static String seen() {
        return REQUEST.isBound() ? REQUEST.get() : "<unbound>";
    }

    @Nested
    class WithTheStsEngine {

        @Test
        void aValueBoundAroundRunIsSeenByMainAndByEveryTaskOfTheRun() {
            List<String> seen = ScopedValue.where(REQUEST, "req-1").call(() -> STS.run(() -> {
                Task<String> child = Spindle.createTask(ScopedValueInheritanceTest::seen);
                Task<String> grandchild = Spindle.createTask(
                        () -> Spindle.createTask(ScopedValueInheritanceTest::seen).join());
                List<String> gathered = Spindle.gather(ScopedValueInheritanceTest::seen,
                        ScopedValueInheritanceTest::seen);
                String inGroup = Spindle.taskGroup(g -> g.createTask(ScopedValueInheritanceTest::seen)).join();
                return List.of(seen(), child.join(), grandchild.join(), gathered.get(0), gathered.get(1), inGroup);
            }));

            assertThat(seen).hasSize(6).containsOnly("req-1");
        }

        @Test
        void aValueBoundAroundATaskGroupIsSeenByItsChildrenAndByTasksTheyAddToIt() {
            List<String> seen = STS.run(() -> ScopedValue.where(REQUEST, "group-binding").call(
                    () -> Spindle.taskGroup(g -> {
                        Task<String> direct = g.createTask(ScopedValueInheritanceTest::seen);
                        Task<Task<String>> addedByAChild = g.createTask(
                                () -> g.createTask(ScopedValueInheritanceTest::seen));
                        return List.of(direct, addedByAChild);
                    })).stream().map(t -> t.resultNow() instanceof Task<?> inner ? (String) inner.resultNow()
                            : (String) t.resultNow()).toList());

            assertThat(seen).containsExactly("group-binding", "group-binding");
        }

        @Test
        void aGroupOpenedInsideANewBindingShadowsTheRunsValueOnlyForItsOwnChildren() {
            List<String> seen = ScopedValue.where(REQUEST, "run-binding").call(() -> STS.run(() -> {
                String inGroup = ScopedValue.where(REQUEST, "group-binding").call(
                        () -> Spindle.taskGroup(g -> g.createTask(ScopedValueInheritanceTest::seen)).join());
                String sibling = Spindle.createTask(ScopedValueInheritanceTest::seen).join();
                return List.of(inGroup, sibling);
            }));

            assertThat(seen).containsExactly("group-binding", "run-binding");
        }

        @Test
        void aGatherOpenedInsideABindingPassesItOn() {
            List<String> seen = STS.run(() -> ScopedValue.where(REQUEST, "gather-binding").call(
                    () -> Spindle.gather(ScopedValueInheritanceTest::seen, ScopedValueInheritanceTest::seen)));

            assertThat(seen).containsExactly("gather-binding", "gather-binding");
        }

        @Test
        void aBindingMadeInsideAGroupBodyAroundCreateTaskIsNotPassedOnButTheTaskStillStarts() {
            // The body's own thread forks directly only under the bindings it opened the group with; under
            // a new binding the task goes through the group's forker and sees the group's bindings.
            List<String> seen = STS.run(() -> ScopedValue.where(REQUEST, "group-binding").call(
                    () -> Spindle.taskGroup(g -> {
                        Task<String> rebound = ScopedValue.where(REQUEST, "body-binding").call(
                                () -> g.createTask(ScopedValueInheritanceTest::seen));
                        Task<String> plain = g.createTask(ScopedValueInheritanceTest::seen);
                        return List.of(rebound, plain);
                    })).stream().map(Task::resultNow).toList());

            assertThat(seen).containsExactly("group-binding", "group-binding");
        }

        @Test
        void aBindingMadeInsideATaskAroundCreateTaskIsNotPassedOnBecauseTheChildBelongsToTheRun() {
            // The child joins the run's scope, opened outside this binding; it may outlive the binding, so
            // StructuredTaskScope's rule (bindings are those of the scope's opening) gives it the run's.
            String seen = ScopedValue.where(REQUEST, "run-binding").call(() -> STS.run(
                    () -> ScopedValue.where(REQUEST, "task-binding").call(
                            () -> Spindle.createTask(ScopedValueInheritanceTest::seen).join())));

            assertThat(seen).isEqualTo("run-binding");
        }
    }

    private static final ScopedValue<String> REQUEST_ID = ScopedValue.newInstance();
    private static final ScopedValue<String> USER = ScopedValue.newInstance();

    @Test
    void theReadmeExampleSeesWhatTheReadmeSays() {
        String seen = ScopedValue.where(REQUEST_ID, "r-42").call(() -> STS.run(() -> {
            Task<String> a = Spindle.createTask(() -> REQUEST_ID.get());
            String b = ScopedValue.where(USER, "ann").call(() -> Spindle.taskGroup(
                    g -> g.createTask(() -> USER.get() + "@" + REQUEST_ID.get()))).join();
            return a.join() + " " + b;
        }));

        assertThat(seen).isEqualTo("r-42 ann@r-42");
    }

    @Nested
    class WithThePortableEngine {

        @Test
        void noBindingReachesAnyTaskNotEvenMain() {
            List<String> seen = ScopedValue.where(REQUEST, "req-1").call(() -> PORTABLE.run(() -> List.of(seen(),
                    Spindle.createTask(ScopedValueInheritanceTest::seen).join(),
                    ScopedValue.where(REQUEST, "group-binding").call(
                            () -> Spindle.taskGroup(g -> g.createTask(ScopedValueInheritanceTest::seen)).join()))));

            assertThat(seen).containsOnly("<unbound>");
        }
    }

    @Nested
    class InheritableThreadLocalsOnBothEngines {

        @ParameterizedTest
        @ValueSource(strings = {"portable", StsEngine.NAME})
        void aTaskInheritsTheValuesOfTheThreadThatCreatedItAtCreation(String engine) {
            List<String> seen = Runner.create().withEngine(engine).run(() -> {
                TENANT.set("set-in-main");
                Task<String> child = Spindle.createTask(() -> {
                    TENANT.set("set-in-child");
                    return TENANT.get() + "," + Spindle.createTask(TENANT::get).join();
                });
                String inGroup = Spindle.taskGroup(g -> g.createTask(TENANT::get)).join();
                return List.of(child.join(), inGroup);
            });

            assertThat(seen).containsExactly("set-in-child,set-in-child", "set-in-main");
        }
    }
}
