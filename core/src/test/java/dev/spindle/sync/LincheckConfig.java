package dev.spindle.sync;

import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;

/**
 * Sizes of the Lincheck runs. The defaults keep {@code mvn test} short on a small, shared machine (each
 * class some seconds): three random scenarios of three threads with two calls each (plus two before and
 * one after), explored by 100 model-checking or 50 stress invocations. For a thorough run pass
 * {@code -Dspindle.lincheck.scale=20} (twenty times the scenarios).
 */
final class LincheckConfig {

    private LincheckConfig() {}

    private static final int SCALE = Integer.getInteger("spindle.lincheck.scale", 1);

    static ModelCheckingOptions modelChecking() {
        return new ModelCheckingOptions()
                .iterations(3 * SCALE)
                .invocationsPerIteration(100)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .actorsAfter(1);
    }

    static StressOptions stress() {
        return new StressOptions()
                .iterations(3 * SCALE)
                .invocationsPerIteration(50)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .actorsAfter(1);
    }
}
