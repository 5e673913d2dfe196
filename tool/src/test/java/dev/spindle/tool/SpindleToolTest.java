package dev.spindle.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spindle.monitor.TasksJmx;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the tool against real child JVMs started by the test. */
class SpindleToolTest {

    private static Process child;

    /** What one run of the tool printed, and its exit status. */
    private record Result(int status, String out, String err) {}

    private static Result tool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SpindleTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Starts {@code main} in a new JVM on this test's class path and waits for its {@code READY}. */
    static Process startJvm(Class<?> main) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, main.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = lines.readLine();
        assertThat(first).as("the child JVM " + main.getSimpleName() + " started").isEqualTo("READY");
        return p;
    }

    static void stop(Process p) throws Exception {
        if (p != null) {
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @BeforeAll
    static void startChild() throws Exception {
        child = startJvm(ChildWithTasks.class);
    }

    @AfterAll
    static void stopChild() throws Exception {
        stop(child);
    }

    @Test
    void psPrintsOneRowPerTaskOfTheChildJvm() {
        Result r = tool("ps", Long.toString(child.pid()));
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("RUN ").containsPattern("(?m)^child-run\\s+\\d+\\s+\\d+\\s+crawl-1\\s+RUNNING\\s+\\d+\\s+\\d+\\s+-\\s+sleep$")
                .containsPattern("(?m)^child-run\\s+\\d+\\s+\\d+\\s+crawl-2\\s+RUNNING\\s+.*Queue 'links'$");
    }

    @Test
    void pstreePrintsTheTaskTreeOfEachRun() {
        Result r = tool("pstree", Long.toString(child.pid()));
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Spindle tasks of process " + child.pid()).contains("Run 'child-run'")
                .containsPattern("(?m)^    - crawl-1 #\\d+ RUNNING, thread \\d+, running \\d+ ms, waiting on sleep$");
    }

    @Test
    void jsonPrintsTheViewInItsVersionedShape() {
        Result r = tool("ps", Long.toString(child.pid()), "--json");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("{\"schema\":\"spindle-tasks/1\"").contains("\"pid\":" + child.pid())
                .contains("\"name\":\"crawl-2\"").contains("\"waitingOn\":\"Queue 'links'\"");
        Result tree = tool("pstree", "--json", Long.toString(child.pid()));
        assertThat(tree.status()).isZero();
        assertThat(tree.out()).as("--json prints the same view for both commands").startsWith("{\"schema\":\"spindle-tasks/1\"")
                .contains("\"name\":\"crawl-1\"");
    }

    @Test
    void aJvmWithoutSpindleIsNamedAsSuch() throws Exception {
        Process plain = startJvm(PlainChild.class);
        try {
            Result r = tool("ps", Long.toString(plain.pid()));
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).contains("JVM " + plain.pid() + " runs no Spindle").contains(TasksJmx.OBJECT_NAME);
        } finally {
            stop(plain);
        }
    }

    @Test
    void aProcessThatIsNotAJvmIsLeftAloneWithAClearError() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Result r = tool("ps", Long.toString(sleeper.pid()));
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).contains("process " + sleeper.pid() + " is not a JVM this tool can attach to");
            assertThat(sleeper.isAlive()).as("not signalled").isTrue();
        } finally {
            sleeper.destroy();
        }
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Result r = tool("pstree", Long.toString(gone.pid()));
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("there is no process " + gone.pid());
    }

    @Test
    void badUsageExitsWithTwoAndPrintsTheUsage() {
        assertThat(tool().status()).isEqualTo(2);
        assertThat(tool("top", "1").err()).contains("usage: spindle ps PID");
        assertThat(tool("ps", "abc").err()).contains("'abc' is not a process id");
        assertThat(tool("ps").status()).isEqualTo(2);
        assertThat(tool("ps", Long.toString(ProcessHandle.current().pid())).err()).contains("is this tool itself");
        Result help = tool("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("spindle pstree PID [--json]");
        assertThat(TasksJmx.OBJECT_NAME).as("the tool reads the bean by the monitor's name").isEqualTo(SpindleTool.OBJECT_NAME);
    }
}
