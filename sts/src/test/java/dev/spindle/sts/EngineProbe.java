package dev.spindle.sts;

import dev.spindle.Runner;

/**
 * Started in a child JVM by {@link StsEngineSelectionTest}: one run with the engine picked automatically
 * (Spindle logs its pick at DEBUG), then one that asks for the STS engine by name. Uses no preview API,
 * so it loads with and without {@code --enable-preview}.
 */
public final class EngineProbe {

    private EngineProbe() {}

    /**
     * Runs the probe.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("auto run returned " + Runner.create().run(() -> 1));
        try {
            Runner.create().withEngine(StsEngine.NAME).run(() -> 2);
            System.out.println("asked-for sts: ran");
        } catch (IllegalStateException e) {
            System.out.println("asked-for sts: " + e.getMessage());
        }
    }
}
