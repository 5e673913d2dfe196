package dev.spindle.monitor;

import dev.spindle.ProcessSnapshot;
import dev.spindle.TaskView;
import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers Spindle's {@link TasksMXBean} as {@value #OBJECT_NAME} in the platform MBean server, so that
 * {@code jconsole}, JMC, {@code spindle ps} and any JMX client see the process's tasks.
 *
 * <p>With {@code spindle-monitor} on the class or module path this happens by itself when the process's
 * first run starts, on a daemon thread of its own (so the run does not wait for the MBean server to
 * start; the bean appears a moment later); call {@link #register()} to do it earlier, and {@link #unregister()} to remove the
 * bean (a later {@code register()} puts it back; runs started later do not). This class is thread-safe.
 *
 * @since 0.1.0
 */
public final class TasksJmx {

    /** The bean's name: {@value}. */
    public static final String OBJECT_NAME = "dev.spindle:type=Tasks";

    private TasksJmx() {}

    /**
     * Registers the bean in the platform MBean server unless it is there already.
     *
     * @return whether this call registered it ({@code false}: it was registered already)
     * @throws IllegalStateException if the MBean server refuses the bean (the message says why)
     */
    public static synchronized boolean register() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.registerMBean(new TasksBean(), objectName());
            return true;
        } catch (InstanceAlreadyExistsException e) {
            return false;
        } catch (JMException e) {
            throw new IllegalStateException("The platform MBean server refused " + OBJECT_NAME + ": " + e, e);
        }
    }

    /**
     * Removes the bean from the platform MBean server, if it is there.
     *
     * @return whether this call removed it
     */
    public static synchronized boolean unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(objectName());
            return true;
        } catch (InstanceNotFoundException e) {
            return false;
        } catch (JMException e) {
            throw new IllegalStateException("The platform MBean server would not remove " + OBJECT_NAME + ": " + e, e);
        }
    }

    /**
     * Whether the bean is registered now.
     *
     * @return whether the platform MBean server holds {@value #OBJECT_NAME}
     */
    public static boolean isRegistered() {
        return ManagementFactory.getPlatformMBeanServer().isRegistered(objectName());
    }

    /**
     * The bean's name as an {@link ObjectName}.
     *
     * @return {@value #OBJECT_NAME}
     */
    public static ObjectName objectName() {
        try {
            return new ObjectName(OBJECT_NAME);
        } catch (MalformedObjectNameException e) {
            throw new AssertionError(e);
        }
    }

    /** The bean: each call reads the view afresh. */
    private static final class TasksBean implements TasksMXBean {
        @Override
        public int getLiveRuns() {
            return TaskView.liveRunCount();
        }

        @Override
        public int getLiveTasks() {
            int[] n = {0};
            TaskView.forEachLiveTask((run, task) -> n[0]++);
            return n[0];
        }

        @Override
        public int getEndedCapacity() {
            return TaskView.endedCapacity();
        }

        @Override
        public int getRecentlyEnded() {
            return TaskView.recentlyEnded().size();
        }

        @Override
        public String tasksText() {
            return TaskView.snapshot().toText();
        }

        @Override
        public String tasksTable() {
            return TaskView.snapshot().toTable();
        }

        @Override
        public String tasksJson() {
            ProcessSnapshot s = TaskView.snapshot();
            return s.toJson();
        }
    }
}
