package dev.spindle.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spindle.Spindle;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class TasksJmxTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @Test
    void theFirstRunRegistersTheBeanAndItsAttributesAndOperationsShowTheLiveTasks() throws Exception {
        Spindle.run(() -> { }); // the process's first run (or a later one) has started its hooks
        ObjectName name = new ObjectName("dev.spindle:type=Tasks");
        // registered by the first run, with no code from the user, on a thread of its own
        await().atMost(Duration.ofSeconds(10)).until(() -> SERVER.isRegistered(name));
        assertThat(SERVER.isInstanceOf(name, TasksMXBean.class.getName())).isTrue();

        try (HeldRun run = new HeldRun("jmx-held")) {
            assertThat((Integer) SERVER.getAttribute(name, "LiveRuns")).isGreaterThanOrEqualTo(1);
            assertThat((Integer) SERVER.getAttribute(name, "LiveTasks")).isGreaterThanOrEqualTo(4);
            assertThat((Integer) SERVER.getAttribute(name, "EndedCapacity")).isEqualTo(32);
            assertThat((Integer) SERVER.getAttribute(name, "RecentlyEnded")).isGreaterThanOrEqualTo(2);
            String text = (String) SERVER.invoke(name, "tasksText", new Object[0], new String[0]);
            assertThat(text).contains("Run 'jmx-held'").containsPattern("- fetch-2 #\\d+ RUNNING, thread \\d+, running \\d+ ms,"
                    + " deadline \\S+ \\(\\d+ ms left\\), waiting on Queue 'jobs'");
            assertThat(text).contains("task 'victim'").contains("cancelled because sibling 'flaky' failed <- sibling 'flaky'"
                    + " failed: java.lang.IllegalStateException: flaky upstream");
            String table = (String) SERVER.invoke(name, "tasksTable", new Object[0], new String[0]);
            assertThat(table).startsWith("RUN").containsPattern("(?m)^jmx-held\\s+\\d+\\s+\\d+\\s+fetch-1\\s+RUNNING");
            String json = (String) SERVER.invoke(name, "tasksJson", new Object[0], new String[0]);
            assertThat(json).startsWith("{\"schema\":\"spindle-tasks/1\"").contains("\"name\":\"jmx-held\"");
        }
    }

    @Test
    void unregisteringRemovesTheBeanAndRegisteringPutsItBack() {
        Spindle.run(() -> { });
        await().atMost(Duration.ofSeconds(10)).until(TasksJmx::isRegistered); // the first-run hook's thread
        assertThat(TasksJmx.register()).as("already registered").isFalse();
        try {
            assertThat(TasksJmx.unregister()).isTrue();
            assertThat(TasksJmx.isRegistered()).isFalse();
            assertThat(TasksJmx.unregister()).as("nothing left to remove").isFalse();
            Spindle.run(() -> { });
            assertThat(TasksJmx.isRegistered()).as("only the process's first run registers it").isFalse();
        } finally {
            assertThat(TasksJmx.register()).isTrue();
        }
        assertThat(TasksJmx.isRegistered()).isTrue();
        assertThat(TasksJmx.objectName().toString()).isEqualTo(TasksJmx.OBJECT_NAME);
    }
}
