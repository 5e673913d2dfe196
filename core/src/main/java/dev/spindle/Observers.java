package dev.spindle;

import java.util.List;

/**
 * Calls observers so that a throwing observer never disturbs a task, and combines several observers
 * into one.
 */
final class Observers {

    private static final System.Logger LOG = System.getLogger("dev.spindle");

    private Observers() {}

    /** One observer for the list: {@code null} for none, the observer itself for one, else a composite. */
    static TaskObserver combine(List<TaskObserver> observers) {
        return switch (observers.size()) {
            case 0 -> null;
            case 1 -> observers.get(0);
            default -> new Composite(observers.toArray(TaskObserver[]::new));
        };
    }

    /**
     * How often {@code o} wants a task's scheduling delay, at least 1 (a misbehaving observer's answer
     * counts as 1). A composite's is the greatest common divisor of its observers', so every one of them
     * gets each delay it asked for.
     */
    static int delaySampling(TaskObserver o) {
        if (o instanceof Composite c) {
            int g = 0;
            for (TaskObserver each : c.observers) {
                g = gcd(g, delaySampling(each));
            }
            return Math.max(1, g);
        }
        try {
            return Math.max(1, o.schedulingDelaySampling());
        } catch (Throwable t) {
            complain(o, "schedulingDelaySampling", t);
            return 1;
        }
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    static void created(TaskObserver o, Task<?> task) {
        try {
            o.taskCreated(task);
        } catch (Throwable t) {
            complain(o, "taskCreated", t);
        }
    }

    static Object started(TaskObserver o, Task<?> task, long delayNanos) {
        try {
            return o.taskStarted(task, delayNanos);
        } catch (Throwable t) {
            complain(o, "taskStarted", t);
            return null;
        }
    }

    static void finished(TaskObserver o, Task<?> task, TaskOutcome outcome, long runNanos, Object startState) {
        try {
            o.taskFinished(task, outcome, runNanos, startState);
        } catch (Throwable t) {
            complain(o, "taskFinished", t);
        }
    }

    static void unretrieved(TaskObserver o, Task<?> task, Throwable failure) {
        try {
            o.failureUnretrieved(task, failure);
        } catch (Throwable t) {
            complain(o, "failureUnretrieved", t);
        }
    }

    private static void complain(TaskObserver o, String method, Throwable t) {
        LOG.log(System.Logger.Level.WARNING, "TaskObserver " + o.getClass().getName() + "." + method
                + " threw; the task is not affected", t);
    }

    /** Several observers as one; each observer's start state is kept in an array slot. */
    private record Composite(TaskObserver[] observers) implements TaskObserver {

        @Override
        public void taskCreated(Task<?> task) {
            for (TaskObserver o : observers) {
                created(o, task);
            }
        }

        @Override
        public Object taskStarted(Task<?> task, long schedulingDelayNanos) {
            Object[] states = new Object[observers.length];
            for (int i = 0; i < observers.length; i++) {
                states[i] = started(observers[i], task, schedulingDelayNanos);
            }
            return states;
        }

        @Override
        public void taskFinished(Task<?> task, TaskOutcome outcome, long runNanos, Object startState) {
            Object[] states = startState instanceof Object[] a ? a : new Object[observers.length];
            for (int i = 0; i < observers.length; i++) {
                finished(observers[i], task, outcome, runNanos, states[i]);
            }
        }

        @Override
        public void failureUnretrieved(Task<?> task, Throwable failure) {
            for (TaskObserver o : observers) {
                unretrieved(o, task, failure);
            }
        }
    }
}
