package dev.spindle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The tasks a run's shutdown found still running after its main task ended and cancelled: counted for
 * the run's entry among the recently ended ones ({@link EndedSnapshot#cancelledAtShutdown()}) and logged
 * at DEBUG on the logger {@code dev.spindle}, with the first {@value #NAMES_LOGGED} names. asyncio cancels
 * them silently; a service author wants to know. Used by the shutdown's thread only; not thread-safe.
 */
final class LeftoverTasks {

    private static final System.Logger LOG = System.getLogger("dev.spindle");
    /** How many task names the DEBUG line lists; the rest are counted. */
    static final int NAMES_LOGGED = 10;

    private final String runName;
    /** Each task once, however many rounds the shutdown needs (a task may swallow its cancellation). */
    private final Set<TaskImpl<?>> cancelled = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<String> names = new ArrayList<>(NAMES_LOGGED);

    LeftoverTasks(String runName) {
        this.runName = runName;
    }

    /** Records a task that the shutdown's cancellation found running (or not yet started). */
    void cancelled(TaskImpl<?> task) {
        if (cancelled.add(task) && names.size() < NAMES_LOGGED) {
            names.add(task.name());
        }
    }

    int count() {
        return cancelled.size();
    }

    /** Logs the DEBUG line, if any task was cancelled and DEBUG is enabled. */
    void log() {
        int n = cancelled.size();
        if (n == 0 || !LOG.isLoggable(System.Logger.Level.DEBUG)) {
            return;
        }
        StringBuilder b = new StringBuilder("Run '").append(runName).append("' cancelled ").append(n)
                .append(" task(s) still running when its main task ended: ");
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "'" : ", '").append(names.get(i)).append('\'');
        }
        if (n > names.size()) {
            b.append(" and ").append(n - names.size()).append(" more");
        }
        LOG.log(System.Logger.Level.DEBUG, b.toString());
    }
}
