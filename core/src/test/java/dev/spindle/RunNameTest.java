package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every task knows its run's name ({@link Task#runName()}), and a named runner's main task bears the
 * run's name, so that metrics and dumps can tell one endpoint or job from another.
 */
class RunNameTest {

    @Test
    void aNamedRunnersMainTaskAndItsThreadBearTheRunsName() {
        List<String> seen = Runner.create().withName("checkout").run(() -> List.of(
                Spindle.currentTask().name(), Thread.currentThread().getName(), Spindle.currentTask().runName()));

        assertThat(seen).containsExactly("checkout", "checkout", "checkout");
    }

    @Test
    void everyTaskOfARunReportsTheRunsName() {
        List<String> runNames = Runner.create().withName("ingest").run(() -> {
            Task<String> created = Spindle.createTask("fetch", () -> Spindle.currentTask().runName());
            String grouped = Spindle.taskGroup(g -> g.createTask(() -> Spindle.currentTask().runName()).join());
            List<String> gathered = Spindle.gather(() -> Spindle.currentTask().runName());
            return List.of(created.join(), grouped, gathered.getFirst(), created.runName());
        });

        assertThat(runNames).containsOnly("ingest");
    }

    @Test
    void anUnnamedRunnersRunIsRunNAndItsMainTaskKeepsItsDefaultName() {
        List<String> seen = Spindle.run(() -> List.of(Spindle.currentTask().runName(), Spindle.currentTask().name()));

        assertThat(seen.get(0)).matches("run-\\d+");
        assertThat(seen.get(1)).matches("Task-\\d+");
    }

    @Test
    void onlyTasksGivenNoNameHaveTheDefaultNameAndItIsTheSameStringEachTimeAsked() {
        List<Object> seen = Spindle.run(() -> {
            Task<?> main = Spindle.currentTask();
            Task<Integer> unnamed = Spindle.createTask(() -> 1);
            Task<Integer> named = Spindle.createTask("fetch", () -> 1);
            Task<Integer> namedLikeADefault = Spindle.createTask("Task-7", () -> 1);
            Task<Integer> child = Spindle.taskGroup(g -> g.createTask(() -> 1));
            return List.of(main.hasDefaultName(), unnamed.hasDefaultName(), named.hasDefaultName(),
                    namedLikeADefault.hasDefaultName(), child.hasDefaultName(),
                    unnamed.name().equals("Task-" + unnamed.id()), unnamed.name().equals(unnamed.name()));
        });
        Task<?> namedMain = Runner.create().withName("job").run(() -> Spindle.currentTask());

        assertThat(seen).containsExactly(true, true, false, false, true, true, true);
        assertThat(namedMain.hasDefaultName()).isFalse();
    }

    @Test
    void twoRunsOfOneNamedRunnerShareTheNameAndEachHasItsOwnMainTask() {
        Runner runner = Runner.create().withName("job");
        Task<?> first = runner.run(() -> Spindle.currentTask());
        Task<?> second = runner.run(() -> Spindle.currentTask());

        assertThat(first).isNotSameAs(second);
        assertThat(List.of(first.name(), first.runName(), second.name(), second.runName())).containsOnly("job");
    }
}
