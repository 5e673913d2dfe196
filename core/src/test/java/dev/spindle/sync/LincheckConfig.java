package dev.spindle.sync;

import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;

/**
 * Sizes of the Lincheck runs. The defaults keep {@code mvn test} short on a small machine; for a thorough
 * run pass {@code -Dspindle.lincheck.scale=10} (ten times the scenarios).
 */
final class LincheckConfig {

    private LincheckConfig() {}

    private static final int SCALE = Integer.getInteger("spindle.lincheck.scale", 1);

    static ModelCheckingOptions modelChecking() {
        return new ModelCheckingOptions()
                .iterations(8 * SCALE)
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .actorsAfter(1);
    }

    static StressOptions stress() {
        return new StressOptions()
                .iterations(8 * SCALE)
                .invocationsPerIteration(100)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .actorsAfter(1);
    }
}
