package dev.spindle.tool;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Prints the Spindle tasks of another JVM on this machine, as Python's {@code python -m asyncio ps PID}
 * does for asyncio:
 *
 * <pre>
 * java -jar spindle-tool.jar ps PID [--json]       one row per task
 * java -jar spindle-tool.jar pstree PID [--json]   the task trees of each run
 * </pre>
 *
 * <p>It attaches to the JVM with the JDK's Attach API (so it must run as the same user, on a JDK),
 * starts the JVM's local JMX agent if it is not running, and calls the operations of the bean
 * {@code dev.spindle:type=Tasks}, which {@code spindle-monitor} registers when the JVM's first Spindle
 * run starts. Exit status: 0 on success, 1 when the process cannot be read (not a JVM, not ours to
 * attach to, no Spindle in it), 2 on a usage error.
 *
 * @since 0.1.0
 */
public final class SpindleTool {

    /** The name of the bean the tool reads: {@value}. */
    public static final String OBJECT_NAME = "dev.spindle:type=Tasks";

    private static final String USAGE = """
            usage: spindle ps PID [--json]       the unfinished tasks of every run of JVM PID, one per row
                   spindle pstree PID [--json]   the same as trees, one per run
            Both list the recently ended runs and tasks with why they ended. --json prints the view as JSON
            (shape spindle-tasks/1) instead. The JVM must run Spindle with spindle-monitor on its class path.""";

    private SpindleTool() {}

    /**
     * Runs the tool and exits with its status.
     *
     * @param args {@code ps|pstree PID [--json]}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the tool, printing to the given streams.
     *
     * @param args {@code ps|pstree PID [--json]}, or {@code --help}
     * @param out where the view goes
     * @param err where errors and usage go
     * @return the exit status: 0 success, 1 the process could not be read, 2 usage error
     * @throws NullPointerException if an argument is {@code null}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> a = List.of(args);
        if (a.contains("--help") || a.contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        boolean json = a.contains("--json");
        List<String> rest = a.stream().filter(s -> !s.equals("--json")).toList();
        if (rest.size() != 2 || !(rest.get(0).equals("ps") || rest.get(0).equals("pstree"))) {
            err.println(USAGE);
            return 2;
        }
        long pid;
        try {
            pid = Long.parseLong(rest.get(1));
        } catch (NumberFormatException e) {
            err.println("spindle: '" + rest.get(1) + "' is not a process id\n" + USAGE);
            return 2;
        }
        String operation = json ? "tasksJson" : rest.get(0).equals("ps") ? "tasksTable" : "tasksText";
        try {
            String view = read(pid, operation);
            out.print(view.endsWith("\n") ? view : view + "\n");
            return 0;
        } catch (ToolException e) {
            err.println("spindle: " + e.getMessage());
            return 1;
        }
    }

    /** Attaches to {@code pid}, makes sure its JMX agent runs, and calls {@code operation} on the bean. */
    private static String read(long pid, String operation) throws ToolException {
        if (pid == ProcessHandle.current().pid()) {
            throw new ToolException("process " + pid + " is this tool itself; give the id of another JVM");
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            throw new ToolException("there is no process " + pid);
        }
        boolean listed = VirtualMachine.list().stream().anyMatch(vm -> vm.id().equals(Long.toString(pid)));
        if (!listed) { // attaching to a process that is not a JVM would send it SIGQUIT, which may end it
            throw new ToolException("process " + pid + " is not a JVM this tool can attach to (not a Java process,"
                    + " another user's, or started with -XX:-UsePerfData); it was left alone");
        }
        String address = agentAddress(pid);
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (!server.isRegistered(name)) {
                throw new ToolException("JVM " + pid + " runs no Spindle that can be seen: it has no " + OBJECT_NAME
                        + " bean, which spindle-monitor registers when the process's first Spindle run starts"
                        + " (is spindle-monitor on its class path, and has a run started?)");
            }
            return (String) server.invoke(name, operation, new Object[0], new String[0]);
        } catch (IOException e) {
            throw new ToolException("could not read JVM " + pid + " over JMX (" + address + "): " + e.getMessage());
        } catch (JMException e) {
            throw new ToolException("JVM " + pid + " refused " + OBJECT_NAME + "." + operation + ": " + e);
        }
    }

    /** The address of the JVM's local JMX agent, started if needed. */
    private static String agentAddress(long pid) throws ToolException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            throw new ToolException("process " + pid + " is not a JVM this tool can attach to (not a Java process,"
                    + " another user's, or started with -XX:+DisableAttachMechanism): " + e.getMessage());
        } catch (IOException e) {
            throw new ToolException("could not attach to JVM " + pid + ": " + e.getMessage());
        }
        try {
            return vm.startLocalManagementAgent();
        } catch (IOException e) {
            throw new ToolException("JVM " + pid + " would not start its local JMX agent: " + e.getMessage());
        } finally {
            try {
                vm.detach();
            } catch (IOException e) {
                // the address is all we needed; the JVM closes the connection itself
            }
        }
    }

    /** A failure to read the target, with a message for the user. */
    private static final class ToolException extends Exception {
        private static final long serialVersionUID = 1L;

        ToolException(String message) {
            super(message);
        }
    }
}
