package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The void forms of the task-starting calls: {@code createTask(() -> { ... })} with a body that returns
 * nothing, next to the {@code Callable} forms, as {@code ExecutorService.submit} has both.
 */
class VoidBodiesTest {

    private final List<String> log = new CopyOnWriteArrayList<>();

    private void record(String line) {
        log.add(line);
    }

    private void fail() throws IOException {
        throw new IOException("disk gone");
    }

    @Test
    void aVoidBlockBodyStartsATaskWhoseResultIsNull() {
        Void result = Spindle.run(() -> {
            Task<Void> t = Spindle.createTask(() -> {
                record("ran");
            });
            return t.join();
        });
        assertThat(result).isNull();
        assertThat(log).containsExactly("ran");
    }

    @Test
    void aMethodReferenceToAVoidMethodAndANamedVoidBodyStartTasks() {
        Spindle.run(() -> {
            Task<Void> named = Spindle.createTask("audit", () -> record("named"));
            Task<Void> ref = Spindle.createTask(this::recordRef);
            named.join();
            ref.join();
            assertThat(named.name()).isEqualTo("audit");
        });
        assertThat(log).containsExactlyInAnyOrder("named", "ref");
    }

    private void recordRef() {
        record("ref");
    }

    @Test
    void aBodyThatYieldsAValueStillPicksTheCallableForm() {
        Spindle.run(() -> {
            Task<Integer> expression = Spindle.createTask(() -> 42);
            Task<String> reference = Spindle.createTask(this::value);
            Task<List<String>> statement = Spindle.createTask(() -> List.of("x"));
            assertThat(expression.join()).isEqualTo(42);
            assertThat(reference.join()).isEqualTo("value");
            assertThat(statement.join()).containsExactly("x");
        });
    }

    private String value() {
        return "value";
    }

    @Test
    void aVoidBodyMayThrowACheckedExceptionWhichJoinWraps() {
        Spindle.run(() -> {
            Task<Void> t = Spindle.createTask(this::fail);
            assertThatThrownBy(t::join).isInstanceOf(TaskFailedException.class)
                    .cause().isInstanceOf(IOException.class).hasMessage("disk gone");
        });
    }

    @Test
    void aGroupStartsVoidChildrenPlainAndNamed() {
        Spindle.run(() -> {
            List<String> names = Spindle.taskGroup(group -> {
                Task<Void> a = group.createTask(() -> {
                    record("a");
                });
                Task<Void> b = group.createTask("b", () -> record("b"));
                return List.of(a.name(), b.name());
            });
            assertThat(names.get(1)).isEqualTo("b");
        });
        assertThat(log).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aVoidChildsCheckedFailureAbortsItsGroupWrapped() {
        Spindle.run(() -> {
            assertThatThrownBy(() -> Spindle.taskGroup(group -> {
                group.createTask(this::fail);
                return null;
            })).isInstanceOf(TaskFailedException.class).cause().isInstanceOf(IOException.class);
        });
    }

    @Test
    void nullVoidBodiesAndNamesAreRejectedByName() {
        ThrowingRunnable nothing = null;
        Spindle.run(() -> {
            assertThatThrownBy(() -> Spindle.createTask(nothing)).isInstanceOf(NullPointerException.class)
                    .hasMessage("body");
            assertThatThrownBy(() -> Spindle.createTask(null, () -> {})).isInstanceOf(NullPointerException.class)
                    .hasMessage("name");
            Spindle.taskGroup(group -> {
                assertThatThrownBy(() -> group.createTask(nothing)).isInstanceOf(NullPointerException.class)
                        .hasMessage("body");
                assertThatThrownBy(() -> group.createTask(null, () -> {})).isInstanceOf(NullPointerException.class)
                        .hasMessage("name");
                return null;
            });
        });
    }

    @Test
    void theVoidFormOutsideARunSaysWhichMethodAndHowToFixIt() {
        assertThatThrownBy(() -> Spindle.createTask(() -> {})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Spindle.createTask").hasMessageContaining("Spindle.run");
    }
}
