package dev.spindle.examples;

import static dev.spindle.Spindle.createTask;
import static dev.spindle.Spindle.gatherSettled;
import static dev.spindle.Spindle.run;
import static dev.spindle.Spindle.sleep;

import dev.spindle.Task;
import dev.spindle.sync.Queue;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The worker-pool example of asyncio's queue documentation: three workers take sleep times from a
 * queue and mark each done; the main task waits until every item is done, then cancels the workers.
 *
 * <pre>{@code mvn -q -pl examples -am package -DskipTests exec:exec@workers}</pre>
 */
public final class Workers {

    private Workers() {}

    static void worker(String name, Queue<Integer> queue) {
        while (true) {
            int millis = queue.get(); // blocks while the queue is empty; throws when cancelled
            sleep(millis);
            queue.taskDone();
            System.out.println(name + " has slept for " + millis + " ms");
        }
    }

    public static void main(String[] args) {
        run(() -> {
            Queue<Integer> queue = new Queue<Integer>().named("sleeps");
            Random random = new Random(42);
            int total = 0;
            for (int i = 0; i < 20; i++) {
                int millis = 50 + random.nextInt(450);
                total += millis;
                queue.putNowait(millis);
            }

            List<Task<Object>> workers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String name = "worker-" + i;
                workers.add(createTask(name, () -> {
                    worker(name, queue);
                    return null;
                }));
            }

            long started = System.nanoTime();
            queue.join(); // until every item has been marked done
            long took = (System.nanoTime() - started) / 1_000_000;

            workers.forEach(Task::cancel); // they loop forever; stop them
            gatherSettled(workers); // and wait until they have

            System.out.println("====");
            System.out.println("3 workers slept in parallel for " + took + " ms");
            System.out.println("total expected sleep time: " + total + " ms");
        });
    }
}
