package dev.spindle.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskNamesTest {

    @Test
    void trailingDashAndDigitsAreRemoved() {
        assertThat(TaskNames.tagValue("fetch-17")).isEqualTo("fetch");
        assertThat(TaskNames.tagValue("shard-3-retry-2")).isEqualTo("shard-3-retry");
    }

    @Test
    void defaultNamesBecomeTask() {
        assertThat(TaskNames.tagValue("Task-1")).isEqualTo("task");
        assertThat(TaskNames.tagValue("Task-123456789")).isEqualTo("task");
    }

    @Test
    void namesWithoutADashedNumberAtTheEndAreKept() {
        assertThat(TaskNames.tagValue("fetch")).isEqualTo("fetch");
        assertThat(TaskNames.tagValue("fetch2")).isEqualTo("fetch2");
        assertThat(TaskNames.tagValue("fetch-")).isEqualTo("fetch-");
        assertThat(TaskNames.tagValue("fetch-x1")).isEqualTo("fetch-x1");
        assertThat(TaskNames.tagValue("Task-")).isEqualTo("Task-");
        assertThat(TaskNames.tagValue("MyTask-3")).isEqualTo("MyTask");
        assertThat(TaskNames.tagValue("")).isEqualTo("");
    }

    @Test
    void aNameThatIsOnlyASuffixIsKept() {
        assertThat(TaskNames.tagValue("-42")).isEqualTo("-42");
        assertThat(TaskNames.tagValue("42")).isEqualTo("42");
    }
}
