package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TaskFailedException#unwrap}: the one line that gives a caller a body's checked exception back. */
class UnwrapTest {

    private static String read(String file) throws IOException {
        throw new FileNotFoundException(file);
    }

    /** What a caller that declares {@code IOException} writes around a fan-out. */
    private static List<String> readBoth() throws IOException {
        try {
            return Spindle.gather(() -> read("a"), () -> read("a"));
        } catch (TaskFailedException e) {
            throw e.unwrap(IOException.class);
        }
    }

    @Test
    void aCallerCatchesTheBodysCheckedExceptionByItsOwnType() {
        Throwable caught = Spindle.run(() -> {
            try {
                readBoth();
                return null;
            } catch (IOException e) { // matches: the original exception, not a wrapper
                return e;
            }
        });
        assertThat(caught).isInstanceOf(FileNotFoundException.class).hasMessage("a");
    }

    @Test
    void aCauseOfAnotherTypeLeavesTheSameWrapperThrown() {
        TaskFailedException wrapper = (TaskFailedException) catchThrowable(() -> Spindle.run(() -> {
            Task<Object> t = Spindle.createTask(() -> {
                throw new TimeoutException("locked");
            });
            return t.join();
        }));
        Throwable rethrown = catchThrowable(() -> {
            throw wrapper.unwrap(IOException.class);
        });
        assertThat(rethrown).isSameAs(wrapper);
        assertThat(wrapper.getCause()).isInstanceOf(TimeoutException.class);
        assertThat(wrapper.getSuppressed()).isEmpty();
    }

    @Test
    void theCauseIsReturnedAsTheRequestedTypeAndANullTypeIsNamed() {
        IOException io = new IOException("x");
        TaskFailedException e = new TaskFailedException("task 't' failed", io);
        IOException back = e.unwrap(IOException.class);
        assertThat(back).isSameAs(io);
        assertThat(e.unwrap(Exception.class)).isSameAs(io);
        assertThatThrownBy(() -> e.unwrap(null)).isInstanceOf(NullPointerException.class).hasMessage("type");
    }
}
