/**
 * Spindle's StructuredTaskScope engine: runs every Spindle scope (a run, each task group, each gather)
 * on the JDK's {@code StructuredTaskScope} (JDK 25, preview, JEP 505), so that tasks inherit
 * {@code ScopedValue} bindings and the JDK's thread dump shows the scope tree. Needs JDK 25 started with
 * {@code --enable-preview}; elsewhere Spindle falls back to its portable engine. Nothing is exported:
 * the engine is found by {@link java.util.ServiceLoader}.
 * @since 0.1.0
 */
module dev.spindle.sts {
    requires dev.spindle.core;

    provides dev.spindle.engine.Engine with dev.spindle.sts.StsEngine;
}
