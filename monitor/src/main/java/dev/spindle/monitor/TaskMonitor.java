package dev.spindle.monitor;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An embedded, read-only web page that shows the process's Spindle runs and their task trees live, with
 * the recently ended runs and tasks and why they ended; and the same view as {@code /tasks.json}
 * (shape {@code spindle-tasks/1}) and {@code /tasks.txt}, each keeping the first 1,000 tasks of a run
 * (breadth-first) unless {@code ?limit=N} asks for another number. Built on the JDK's {@code HttpServer}; no
 * dependency.
 *
 * <pre>{@code
 * try (TaskMonitor monitor = TaskMonitor.start(8081)) {   // http://127.0.0.1:8081/
 *     Spindle.run(() -> serve());
 * }
 * }</pre>
 *
 * <p>Opt-in: nothing listens unless {@link #start} is called or the system property
 * {@value #PORT_PROPERTY} is set, in which case the process's first run starts the page (with
 * {@value #ADDRESS_PROPERTY} and {@value #ALLOW_REMOTE_PROPERTY} read too). It binds to the loopback
 * address unless told otherwise, and refuses any other address unless remote access is allowed
 * explicitly: the page shows task names and failure messages, which may be confidential. It only
 * answers {@code GET} and {@code HEAD}; it offers no action on tasks.
 *
 * <p>The page polls {@code /tasks.json} once a second; each poll takes one {@linkplain
 * dev.spindle.TaskView#snapshot() snapshot} on the server's one thread. This class is thread-safe;
 * {@link #close()} stops the server and may be called more than once.
 *
 * @since 0.1.0
 */
public final class TaskMonitor implements AutoCloseable {

    /** The system property that starts the page on the first run, with this port: {@value}. */
    public static final String PORT_PROPERTY = "spindle.monitor.port";
    /** The system property naming the address to bind with {@value #PORT_PROPERTY}: {@value}. */
    public static final String ADDRESS_PROPERTY = "spindle.monitor.address";
    /** The system property that must be {@code true} to bind a non-loopback address: {@value}. */
    public static final String ALLOW_REMOTE_PROPERTY = "spindle.monitor.allowRemote";

    private static final System.Logger LOG = System.getLogger("dev.spindle.monitor");

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TaskMonitor(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts the page on the loopback address.
     *
     * @param port the port, or {@code 0} for any free one ({@link #port()} tells which)
     * @return the running monitor; close it to stop it
     * @throws IllegalArgumentException if {@code port} is outside 0–65535
     * @throws UncheckedIOException if the port cannot be bound (in use, or not allowed)
     */
    public static TaskMonitor start(int port) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), checkPort(port)), false);
    }

    /**
     * Starts the page on {@code address}.
     *
     * @param address where to listen
     * @param allowRemote {@code true} to allow an address other than a loopback one (anyone who can
     *     reach it sees the task names and failure messages); ignored for a loopback address
     * @return the running monitor; close it to stop it
     * @throws NullPointerException if {@code address} is {@code null}
     * @throws IllegalArgumentException if {@code address} is not a loopback address and {@code allowRemote}
     *     is {@code false}, or is unresolved
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static TaskMonitor start(InetSocketAddress address, boolean allowRemote) {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("The monitor's address " + address + " could not be resolved");
        }
        if (!address.getAddress().isLoopbackAddress() && !allowRemote) {
            throw new IllegalArgumentException("The Spindle monitor binds to loopback addresses only, not "
                    + address + ": it shows task names and failures to anyone who can reach it. Pass allowRemote=true"
                    + " (or -D" + ALLOW_REMOTE_PROPERTY + "=true) to bind it there on purpose");
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "spindle-monitor-http");
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer server = HttpServer.create(address, 16);
            server.createContext("/", new MonitorPages());
            server.setExecutor(executor);
            startOnDaemonThread(server);
            TaskMonitor monitor = new TaskMonitor(server, executor);
            LOG.log(System.Logger.Level.INFO, "Spindle monitor listening on " + monitor.uri());
            return monitor;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("The Spindle monitor could not listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts the server's dispatcher from a daemon thread: the dispatcher inherits that, so an open
     * monitor never keeps the JVM from exiting.
     */
    private static void startOnDaemonThread(HttpServer server) {
        Thread starter = new Thread(server::start, "spindle-monitor-start");
        starter.setDaemon(true);
        starter.start();
        boolean interrupted = false;
        while (starter.isAlive()) {
            try {
                starter.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the page as the system properties say: on port {@value #PORT_PROPERTY}, at address
     * {@value #ADDRESS_PROPERTY} (loopback when unset), allowing a non-loopback one only when
     * {@value #ALLOW_REMOTE_PROPERTY} is {@code true}. This is what the process's first run does when
     * {@code spindle-monitor} is present.
     *
     * @return the running monitor, or empty when {@value #PORT_PROPERTY} is not set
     * @throws IllegalArgumentException if a property's value is not usable (the message says which)
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static Optional<TaskMonitor> startFromSystemProperties() {
        String port = System.getProperty(PORT_PROPERTY);
        if (port == null || port.isBlank()) {
            return Optional.empty();
        }
        int p;
        try {
            p = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PORT_PROPERTY + "=" + port + " is not a port number", e);
        }
        String host = System.getProperty(ADDRESS_PROPERTY);
        InetSocketAddress address = host == null || host.isBlank()
                ? new InetSocketAddress(InetAddress.getLoopbackAddress(), checkPort(p))
                : new InetSocketAddress(host.trim(), checkPort(p));
        return Optional.of(start(address, Boolean.getBoolean(ALLOW_REMOTE_PROPERTY)));
    }

    private static int checkPort(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        return port;
    }

    /**
     * The port the page listens on.
     *
     * @return the bound port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * The page's address, such as {@code http://127.0.0.1:8081/}.
     *
     * @return the URI of the page
     */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    /** Stops the server at once (requests in progress are dropped); later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "TaskMonitor[" + uri() + (closed.get() ? ", closed]" : "]");
    }
}
