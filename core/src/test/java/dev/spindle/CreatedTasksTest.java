package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spindle.engine.PortableEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * One task's list of the tasks it created: what is added and not retired is in every snapshot, retired
 * tasks' slots are reused, and the array grows and shrinks with the unretired tasks.
 */
class CreatedTasksTest {

    private final RunScope run = new RunScope("created-tasks-test", null, false, PortableEngine.INSTANCE, Duration.ZERO);
    private final TaskImpl<?> creator = newTask();
    private final CreatedTasks created = new CreatedTasks(creator);

    private TaskImpl<?> newTask() {
        return new TaskImpl<>(run, null, null, null, () -> null);
    }

    private List<TaskImpl<?>> addNew(int n) {
        List<TaskImpl<?>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            TaskImpl<?> t = newTask();
            created.add(t);
            tasks.add(t);
        }
        return tasks;
    }

    private List<TaskImpl<?>> snapshot() {
        List<TaskImpl<?>> out = new ArrayList<>();
        created.addUnretiredTo(out);
        return out;
    }

    @Test
    void snapshotHoldsEveryAddedTaskNotYetRetired() {
        List<TaskImpl<?>> tasks = addNew(100);
        List<TaskImpl<?>> kept = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            if (i % 3 == 0) {
                tasks.get(i).retire();
            } else {
                kept.add(tasks.get(i));
            }
        }

        assertThat(snapshot()).containsExactlyInAnyOrderElementsOf(kept);
    }

    @Test
    void slotsOfRetiredTasksAreReusedWithoutGrowing() {
        for (int round = 0; round < 1_000; round++) {
            addNew(CreatedTasks.FIRST_CHUNK / 2).forEach(TaskImpl::retire);
        }
        List<TaskImpl<?>> last = addNew(3);

        assertThat(created.capacity()).isEqualTo(CreatedTasks.FIRST_CHUNK);
        assertThat(snapshot()).containsExactlyInAnyOrderElementsOf(last);
    }

    @Test
    void growsToHoldEveryUnretiredTaskThenShrinksOnceTheyRetire() {
        List<TaskImpl<?>> many = addNew(10_000);

        assertThat(created.capacity()).isBetween(10_000, 4 * 10_000);
        assertThat(snapshot()).containsExactlyInAnyOrderElementsOf(many);

        many.forEach(TaskImpl::retire);
        for (int i = 0; i < 100_000; i++) {
            addNew(1).get(0).retire();
        }
        List<TaskImpl<?>> few = addNew(2);

        assertThat(created.capacity()).isLessThanOrEqualTo(4 * CreatedTasks.FIRST_CHUNK);
        assertThat(snapshot()).containsExactlyInAnyOrderElementsOf(few);
    }

    @Test
    void manyUnretiredTasksAreHeldInSmallChunksNotOneLargeArray() {
        List<TaskImpl<?>> many = addNew(200_000); // one array would be a humongous object for G1

        assertThat(snapshot()).containsExactlyInAnyOrderElementsOf(many);
        assertThat(created.largestChunk()).isLessThanOrEqualTo(CreatedTasks.MAX_CHUNK);
    }

    @Test
    void aLongLivedTaskKeepsItsPlaceWhileTheSlotsAroundItAreReused() {
        TaskImpl<?> longLived = addNew(1).get(0);
        for (int i = 0; i < 10_000; i++) {
            addNew(1).get(0).retire();
        }

        assertThat(snapshot()).containsExactly(longLived);
    }

    @Test
    void theRunMayForgetTheListOnlyOnceTheCreatorAndAllItsTasksRetired() {
        List<TaskImpl<?>> tasks = addNew(50);
        tasks.forEach(TaskImpl::retire);
        assertThat(created.compactIfCreatorRetired()).as("creator still running").isFalse();

        TaskImpl<?> survivor = addNew(1).get(0);
        creator.retire();
        assertThat(created.compactIfCreatorRetired()).as("a task left").isFalse();
        assertThat(created.capacity()).isEqualTo(CreatedTasks.FIRST_CHUNK);
        assertThat(snapshot()).containsExactly(survivor);

        survivor.retire();
        assertThat(created.compactIfCreatorRetired()).isTrue();
    }

    @Test
    void aConcurrentReaderNeverMissesAnUnretiredTaskWhileTheArrayIsResized() throws InterruptedException {
        List<TaskImpl<?>> pinned = addNew(5); // never retire
        int perRound = 3_000;
        List<TaskImpl<?>> survivors = new ArrayList<>(pinned);
        AtomicReference<Throwable> readerSaw = new AtomicReference<>();
        CountDownLatch creatorDone = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                while (creatorDone.getCount() > 0) {
                    assertThat(snapshot()).containsAll(pinned);
                }
            } catch (Throwable t) {
                readerSaw.set(t);
            }
        });
        Thread retirer = null; // retires one batch, as tasks on other carriers, while the next is added
        for (int round = 0; round < 20; round++) {
            List<TaskImpl<?>> batch = addNew(perRound); // grows the array while the reader reads
            survivors.add(batch.get(0));
            if (retirer != null) {
                retirer.join();
            }
            List<TaskImpl<?>> toRetire = List.copyOf(batch.subList(1, batch.size()));
            retirer = Thread.ofPlatform().start(() -> toRetire.forEach(TaskImpl::retire));
        }
        retirer.join();
        creatorDone.countDown();
        reader.join();

        assertThat(readerSaw.get()).isNull();
        Set<TaskImpl<?>> left = new HashSet<>(snapshot());
        assertThat(left).isEqualTo(new HashSet<>(survivors));
        // two batches may be unretired at once; without reusing slots 20 batches would need 60,000
        assertThat(created.capacity()).isLessThan(10 * perRound);
    }

    @Test
    void aRunForgetsTheListsOfCreatorsThatRetiredWithAllTheirTasks() {
        int creators = Spindle.run(() -> {
            for (int i = 0; i < 5_000; i++) {
                Spindle.createTask(() -> Spindle.createTask(() -> 1).join()).join(); // a creator each time
            }
            return TaskImpl.current().run.creatorListCount();
        });

        // main's list, the newest creators' (not yet retired when last swept), and at most as many again
        assertThat(creators).isLessThanOrEqualTo(4 * 16);
    }
}
