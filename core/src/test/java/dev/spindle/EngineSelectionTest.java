package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spindle.engine.Engine;
import dev.spindle.engine.EngineScope;
import dev.spindle.engine.PortableEngine;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineSelectionTest {

    /** An engine that says it cannot run, with a higher priority than the portable one. */
    private static final Engine UNUSABLE = new FakeEngine("fake", "no reason at all", 100);
    private static final Engine EAGER = new FakeEngine("eager", null, 5);

    private record FakeEngine(String name, String unavailableReason, int priority) implements Engine {
        @Override
        public EngineScope openRun(String runName) {
            return PortableEngine.INSTANCE;
        }
    }

    private static Engines.Found found(Engine... extra) {
        List<Engine> all = new java.util.ArrayList<>(List.of(PortableEngine.INSTANCE));
        all.addAll(List.of(extra));
        return new Engines.Found(List.copyOf(all), List.of());
    }

    @Test
    void automaticPickTakesTheUsableEngineWithTheHighestPriority() {
        assertThat(Engines.select(null, null, found(UNUSABLE, EAGER))).isSameAs(EAGER);
        assertThat(Engines.select(null, null, found(UNUSABLE))).isSameAs(PortableEngine.INSTANCE);
    }

    @Test
    void theEnginePropertyNamesTheDefaultEngine() {
        assertThat(Engines.select(null, "portable", found(EAGER))).isSameAs(PortableEngine.INSTANCE);
        assertThat(Engines.select(null, " eager ", found(EAGER))).isSameAs(EAGER);
    }

    @Test
    void aBlankEnginePropertyMeansPickAutomatically() {
        assertThat(Engines.select(null, "  ", found(EAGER))).isSameAs(EAGER);
    }

    @Test
    void aRunnersOwnEngineNameWinsOverTheProperty() {
        assertThat(Engines.select("portable", "eager", found(EAGER))).isSameAs(PortableEngine.INSTANCE);
    }

    @Test
    void anUnknownEngineInThePropertyFailsAndSaysWhereTheNameCameFrom() {
        assertThatThrownBy(() -> Engines.select(null, "nope", found()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No Spindle engine named 'nope' (named by -Dspindle.engine)")
                .hasMessageContaining("[portable]");
    }

    @Test
    void anUnusableEngineAskedForByNameFailsWithItsReason() {
        assertThatThrownBy(() -> Engines.select("fake", null, found(UNUSABLE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Spindle engine 'fake' cannot run here: no reason at all");
    }

    @Test
    void anUnknownEngineNameIsRejectedWhenTheRunStarts() {
        Runner runner = Runner.create().withEngine("no-such-engine");
        assertThatThrownBy(() -> runner.run(() -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No Spindle engine named 'no-such-engine'");
    }

    @Test
    void aProviderWhoseClassCannotLoadIsSkippedAndNamedWhenAskedFor(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(Engine.class.getName()), "dev.spindle.test.NoSuchEngine\n");
        // The platform loader as parent: no engine from the test's own path gets in.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Engines.Found found = Engines.load(loader);

            assertThat(found.engines()).containsExactly(PortableEngine.INSTANCE);
            assertThat(found.failures()).singleElement().asString().contains("dev.spindle.test.NoSuchEngine");
            assertThat(Engines.select(null, null, found)).isSameAs(PortableEngine.INSTANCE);
            assertThatThrownBy(() -> Engines.select("sts", null, found))
                    .hasMessageContaining("providers that did not load")
                    .hasMessageContaining("dev.spindle.test.NoSuchEngine");
        }
    }
}
