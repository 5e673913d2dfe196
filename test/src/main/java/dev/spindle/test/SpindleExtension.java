package dev.spindle.test;

import dev.spindle.Runner;
import dev.spindle.VirtualClock;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs each test method as the main task of a Spindle run with virtual time, so a test of sleeps,
 * timeouts and back-off that spans hours of virtual time takes milliseconds, and runs the same way every
 * time. Register it with {@code @ExtendWith(SpindleExtension.class)} on a class or method, or use
 * {@link SpindleTest} or {@link VirtualTime}, which register it.
 *
 * <pre>{@code
 * @ExtendWith(SpindleExtension.class)
 * class RetryTest {
 *     @Test
 *     void sleepsFiveHoursInAnInstant(VirtualClock clock) {
 *         Spindle.sleep(Duration.ofHours(5));
 *         assertEquals(Duration.ofHours(5), clock.elapsed());
 *     }
 * }
 * }</pre>
 *
 * <p><b>What runs where.</b> Each {@code @Test} method, each invocation of a test template
 * ({@code @ParameterizedTest}, {@code @RepeatedTest}) and each dynamic test of a {@code @TestFactory} is
 * {@code Runner.create().withName(name).withVirtualTime(clock).run(test)}: a run of its own, named after
 * the test's class and method (and, for an invocation or a dynamic test, its display name), with a clock
 * of its own set up by the nearest {@link VirtualTime} (defaults without one). The run
 * ends, cancelling what the test left running and waiting for it, before the test is reported. Test class
 * constructors, {@code @BeforeEach}, {@code @AfterEach}, {@code @BeforeAll}, {@code @AfterAll} and
 * {@code @TestFactory} methods run as JUnit runs them, outside any run, on the system clock.
 *
 * <p><b>Outcome.</b> Whatever the test method throws (an {@link AssertionError}, a checked exception, a
 * {@link java.util.concurrent.CancellationException}) is what the test fails with: the same object,
 * neither wrapped nor changed. If the run itself fails too (rare: its shutdown failed), that failure is
 * added to the test's as suppressed.
 *
 * <p><b>Injection.</b> A parameter of type {@link VirtualClock} of the test method receives the test's
 * clock, not yet started: it starts with the run, before the method is called. Inside the run,
 * {@link VirtualClock#current()} returns the same clock to code that was not handed it. A
 * {@code VirtualClock} parameter anywhere else (a constructor, a lifecycle or {@code @TestFactory}
 * method, all outside the run) fails with a {@link ParameterResolutionException} that says so. Without this
 * extension, JUnit reports that no {@code ParameterResolver} is registered for the parameter.
 *
 * <p><b>Stalls.</b> When virtual time stands still for {@link VirtualTime#stallReportAfter()} of wall-clock
 * time while a task holds it (blocked outside Spindle, for example in {@code Thread.sleep}), the report is
 * logged at once as a warning of the {@code dev.spindle} logger, and published as a report entry of the
 * test (key {@code spindle.stall}) when the test ends.
 *
 * <p>JUnit creates and calls the extension; it keeps its per-test state in each test's
 * {@link ExtensionContext.Store}. Thread-safe: tests may run in parallel.
 *
 * @since 0.1.0
 */
public final class SpindleExtension implements InvocationInterceptor, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SpindleExtension.class);
    private static final System.Logger LOG = System.getLogger("dev.spindle");
    /** The key of a published stall report. */
    static final String STALL_REPORT_KEY = "spindle.stall";

    /**
     * Creates the extension; JUnit does, for {@code @ExtendWith(SpindleExtension.class)}.
     *
     * @since 0.1.0
     */
    public SpindleExtension() {
    }

    /**
     * Runs the test method in a virtual-time run; its failure is the test's, unchanged.
     *
     * @since 0.1.0
     */
    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        runInVirtualTime(invocation, extensionContext, false);
    }

    /**
     * Runs one invocation of a test template ({@code @ParameterizedTest}, {@code @RepeatedTest}) in a
     * virtual-time run of its own; its failure is the invocation's, unchanged.
     *
     * @since 0.1.0
     */
    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        runInVirtualTime(invocation, extensionContext, true);
    }

    /**
     * Runs one dynamic test of a {@code @TestFactory} in a virtual-time run of its own; its failure is the
     * dynamic test's, unchanged.
     *
     * @since 0.1.0
     */
    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        runInVirtualTime(invocation, extensionContext, true);
    }

    /**
     * Supports parameters of type {@link VirtualClock}.
     *
     * @since 0.1.0
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == VirtualClock.class;
    }

    /**
     * The test's clock, for a parameter of the test method.
     *
     * @throws ParameterResolutionException if the parameter belongs to anything else than a test method the
     *     extension runs in virtual time (a constructor, a lifecycle or {@code @TestFactory} method)
     * @throws ExtensionConfigurationException if the test's {@link VirtualTime} cannot be read
     * @since 0.1.0
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Executable executable = parameterContext.getDeclaringExecutable();
        Optional<Method> testMethod = extensionContext.getTestMethod();
        if (testMethod.isEmpty() || !executable.equals(testMethod.get())
                || AnnotationSupport.isAnnotated(executable, TestFactory.class)) {
            throw new ParameterResolutionException("A VirtualClock can be injected into a test method only, not into "
                    + describe(executable) + ": SpindleExtension runs each test method (each dynamic test of a"
                    + " @TestFactory) in a virtual-time run of its own, while constructors, @BeforeEach, @AfterEach,"
                    + " @BeforeAll, @AfterAll and @TestFactory methods run outside it, on the system clock."
                    + " Take the clock as a parameter of the test method, or call VirtualClock.current() in the run");
        }
        return testRun(extensionContext).clock;
    }

    private static void runInVirtualTime(Invocation<Void> invocation, ExtensionContext context, boolean showDisplayName)
            throws Throwable {
        TestRun test = testRun(context);
        AtomicReference<Throwable> failure = new AtomicReference<>(); // written by the main task before the run ends
        try {
            Runner.create().withName(runName(context, showDisplayName)).withVirtualTime(test.clock).run(() -> {
                try {
                    invocation.proceed();
                } catch (Throwable t) {
                    failure.set(t); // rethrown below on JUnit's thread, the same object, never wrapped
                }
            });
        } catch (RuntimeException | Error e) {
            Throwable first = failure.get();
            if (first == null) {
                throw e;
            }
            first.addSuppressed(e);
        } finally {
            for (VirtualClock.Stall stall : test.stalls) {
                context.publishReportEntry(STALL_REPORT_KEY, stall.message());
            }
        }
        Throwable first = failure.get();
        if (first != null) {
            throw first;
        }
    }

    /** The test's clock and stall reports, made on first use (the parameter's or the run's). */
    private static TestRun testRun(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestRun.class, type -> new TestRun(settings(context)),
                TestRun.class);
    }

    /** The nearest {@link VirtualTime}: the test method's, its class's, an enclosing class's; else defaults. */
    private static ClockSettings settings(ExtensionContext context) {
        Optional<Method> method = testMethodOf(context);
        if (method.isPresent()) {
            Optional<VirtualTime> onMethod = AnnotationSupport.findAnnotation(method.get(), VirtualTime.class);
            if (onMethod.isPresent()) {
                return ClockSettings.of(onMethod.get(), describe(method.get()));
            }
        }
        Optional<Class<?>> testClass = context.getTestClass();
        if (testClass.isPresent()) {
            List<Class<?>> enclosing = context.getEnclosingTestClasses();
            for (Class<?> type : outwards(testClass.get(), enclosing)) {
                Optional<VirtualTime> onClass = AnnotationSupport.findAnnotation(type, VirtualTime.class);
                if (onClass.isPresent()) {
                    return ClockSettings.of(onClass.get(), "class " + type.getName());
                }
            }
        }
        return ClockSettings.defaults();
    }

    /** The test class, then its enclosing test classes from the nearest out. */
    private static List<Class<?>> outwards(Class<?> testClass, List<Class<?>> enclosing) {
        List<Class<?>> order = new ArrayList<>(enclosing.size() + 1);
        order.add(testClass);
        for (int i = enclosing.size() - 1; i >= 0; i--) {
            order.add(enclosing.get(i));
        }
        return order;
    }

    /** The test's method; a dynamic test's is its factory's, found on a parent context. */
    private static Optional<Method> testMethodOf(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getTestMethod().isPresent()) {
                return c.getTestMethod();
            }
        }
        return Optional.empty();
    }

    /** {@code Class.method}, and the display name of a template invocation or dynamic test. */
    private static String runName(ExtensionContext context, boolean showDisplayName) {
        String method = testMethodOf(context).map(m -> m.getDeclaringClass().getSimpleName() + "." + m.getName())
                .orElse(context.getDisplayName());
        return showDisplayName ? method + " " + context.getDisplayName() : method;
    }

    /** {@code method com.example.FooTest.bar()} or {@code constructor com.example.FooTest()}, for messages. */
    private static String describe(Executable executable) {
        String type = executable.getDeclaringClass().getName();
        return executable instanceof Method m ? "method " + type + "." + m.getName() + "()" : "constructor " + type + "()";
    }

    /** One test's clock and the stalls it reported; in the test's store. */
    private static final class TestRun {
        final List<VirtualClock.Stall> stalls = new CopyOnWriteArrayList<>(); // added by the watchdog, read after the run
        final VirtualClock clock;

        TestRun(ClockSettings settings) {
            this.clock = settings.newClock(this::stalled);
        }

        private void stalled(VirtualClock.Stall stall) {
            LOG.log(System.Logger.Level.WARNING, stall.message());
            stalls.add(stall);
        }
    }
}
