package dev.streaminglabs.common;

import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * "Stop now, and lose nothing": Ctrl-C, {@code kill} (SIGTERM), or the end of the process that started this one
 * (Maven stopped, killed by a timeout, an IDE's stop button), turned into one request that the demo's own code
 * answers in order: stop the source, let the receivers hand over what they hold, finish the batches, stop Spark.
 *
 * <p>Why not a shutdown hook: on Ctrl-C the JVM runs all its shutdown hooks at once, Spark's among them, and
 * Spark's hook stops the SparkContext (and, in local mode, the executor) while the streaming context still has
 * batches to run: what the receivers held is lost, with a cascade of errors. A signal handler instead leaves the JVM
 * running until the demo has stopped everything itself, then the demo exits.
 *
 * <p>A second Ctrl-C quits at once (the shutdown hooks still run). When the parent process is gone, the stop has
 * {@link #ORPHAN_LIMIT} to finish before the JVM halts: a demo must never outlive the Maven that started it.
 */
public final class StopSignal {

    /** How long a demo whose parent process ended may take to stop before it is halted. */
    public static final Duration ORPHAN_LIMIT = Duration.ofSeconds(60);

    private final PrintStream out;
    private final CountDownLatch requested = new CountDownLatch(1);
    private final AtomicInteger interrupts = new AtomicInteger();
    private final LinkedBlockingQueue<Runnable> actions = new LinkedBlockingQueue<>();
    private volatile String reason;

    private StopSignal(PrintStream out) {
        this.out = out;
        // The thread that runs the stop actions is made now, by the thread that installs the signal (the main
        // thread). Made later by whoever requests the stop — Spark's listener thread, for a receiver that gave up —
        // it would inherit that thread's identity, and Spark refuses to stop a context from its listener thread.
        var runner = new Thread(this::runActions, "demo-stop");
        runner.setDaemon(true);
        runner.start();
    }

    /**
     * Listens for Ctrl-C (SIGINT), SIGTERM and the end of the parent process. Call once, from a main method: the
     * signal handlers replace the JVM's default ones for the whole process.
     */
    public static StopSignal install(PrintStream out) {
        var signal = new StopSignal(out);
        signal.handle("INT", "Ctrl-C");
        signal.handle("TERM", "SIGTERM");
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            signal.request("the process that started this one (" + parent.pid() + ") ended");
            signal.haltAfter(ORPHAN_LIMIT);
        }));
        return signal;
    }

    /** A signal that only {@link #request} raises: for tests, and for code that runs a demo in-process. */
    public static StopSignal manual(PrintStream out) {
        return new StopSignal(out);
    }

    /** True once a stop was requested. */
    public boolean requested() {
        return requested.getCount() == 0;
    }

    /** Why the stop was requested ("Ctrl-C"), or null. */
    public String reason() {
        return reason;
    }

    /**
     * Runs {@code action} on the stop's own thread when a stop is requested (at once if it already was). Actions run
     * one after the other, in the order they were added.
     */
    public void onRequest(Runnable action) {
        actions.add(action);
    }

    /** Waits until a stop is requested, or {@code timeout} passes; true if it was requested. */
    public boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Requests the stop (the first request wins; later ones are ignored). */
    public void request(String why) {
        synchronized (this) {
            if (requested()) {
                return;
            }
            reason = why;
            out.println();
            out.println("Stopping (" + why + "): the source first, then what was received, then Spark."
                    + (why.equals("Ctrl-C") ? " Ctrl-C again quits at once." : ""));
            requested.countDown();
        }
    }

    /** The stop's thread: once the stop is requested, runs each action added, then waits for more. */
    private void runActions() {
        try {
            requested.await();
            while (true) {
                var action = actions.take();
                try {
                    action.run();
                } catch (RuntimeException failed) {
                    out.println("While stopping: " + failed);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(String signalName, String what) {
        try {
            // sun.misc.Signal (module jdk.unsupported) by reflection: javac would otherwise warn at every build that
            // it is an internal API. It is the JDK's only way to answer a signal without starting the JVM's shutdown.
            var signalClass = Class.forName("sun.misc.Signal");
            var handlerClass = Class.forName("sun.misc.SignalHandler");
            InvocationHandler onSignal = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    onSignal(what);
                    return null;
                }
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "StopSignal(" + what + ")";
                };
            };
            var handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    onSignal);
            signalClass.getMethod("handle", signalClass, handlerClass)
                    .invoke(null, signalClass.getConstructor(String.class).newInstance(signalName), handler);
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            // No such signal here (SIGTERM on some Windows JVMs): the JVM's default behaviour stays.
        }
    }

    private void onSignal(String what) {
        // Only a second Ctrl-C quits at once. Ctrl-C in a terminal reaches Maven and the demo together, and Maven,
        // as it ends, also sends the demo a SIGTERM: that one is the same request, not a second.
        if (!what.equals("Ctrl-C") || interrupts.incrementAndGet() == 1) {
            request(what);
            return;
        }
        out.println(what + " again: quitting at once.");
        var quit = new Thread(() -> System.exit(130), "demo-quit");
        quit.start();
        haltAfter(Duration.ofSeconds(10));
    }

    /** Halts the JVM if it is still alive after {@code limit}: the last resort against an orphan demo. */
    private void haltAfter(Duration limit) {
        var halt = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());   // a deadline, not a wait for a result
            } catch (InterruptedException e) {
                return;
            }
            out.println("Still stopping after " + limit.toSeconds() + " s: halting.");
            Runtime.getRuntime().halt(1);
        }, "demo-halt");
        halt.setDaemon(true);
        halt.start();
    }
}
