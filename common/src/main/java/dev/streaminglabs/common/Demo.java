package dev.streaminglabs.common;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.BooleanSupplier;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.StreamingContextState;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

import dev.streaminglabs.common.web.Dashboard;
import dev.streaminglabs.common.web.WebPortBusy;

/**
 * The one demo helper: what every demo and lab app does the same way, written once.
 *
 * <ul>
 *   <li><b>Options</b>, declared once in a {@link DemoOptions} with their help; checked before anything starts. A
 *       wrong one gets one clear line and exit code {@link #BAD_OPTION}; {@code --help} prints them all.</li>
 *   <li><b>{@code --ui}</b>: {@link #sparkConf} turns the Spark UI on (on a free port), {@link #sparkContext} and
 *       {@link #sparkSession} print its address.</li>
 *   <li><b>Stopping without losing anything</b>: Ctrl-C, SIGTERM or the end of the process that started the demo
 *       (Maven) become one {@link StopSignal}; the demo's waits ({@link #awaitWhileRunning}) return, and the demo
 *       stops in order: its source, then what the receivers hold, then Spark. No orphan JVM is left behind.</li>
 *   <li><b>Sources that are not there</b>: {@link #watchReceivers} says in one line why a receiver cannot read, and
 *       gives up after a few attempts with exit code {@link #SOURCE_UNAVAILABLE}.</li>
 *   <li><b>Exit codes</b> that Maven passes on: 0 done (or stopped on request), {@link #FAILED},
 *       {@link #BAD_OPTION}, {@link #SOURCE_UNAVAILABLE}.</li>
 * </ul>
 *
 * <p>A demo, start to end (a lab's given demo class; the lab's app class has a {@code main} that calls it):
 *
 * <pre>{@code
 * final class MyDemo {
 *     static final DemoOptions OPTIONS = DemoOptions.of("lab06", "what the demo shows, in one line")
 *             .batches(10, "0: until Ctrl-C")
 *             .batchMs(2000)
 *             .number("rate", "N", 20, 1, 10_000, "lines written per second");
 *
 *     static void main(String[] args) {
 *         Demo.run(OPTIONS, args, MyDemo::run);      // parses, runs, exits with the right code
 *     }
 *
 *     private static void run(Demo demo) throws Exception {
 *         var spark = demo.sparkContext("Lab 06 · my demo");             // prints the UI's address with --ui
 *         var context = new JavaStreamingContext(spark, demo.batchInterval());
 *         ...
 *         var report = new BatchReport(System.out);
 *         context.addStreamingListener(report);
 *         demo.watchReceivers(context, "is the broker running on 127.0.0.1:9092?", null);
 *         context.start();
 *         demo.awaitWhileRunning(context,                                  // Ctrl-C ends the wait early
 *                 () -> demo.batches() > 0 && report.batches() >= demo.batches());
 *         // stop in order: the source, then the receivers' last blocks (graceful), then Spark
 *         report.stopping();
 *         context.stop(false, true);
 *         spark.stop();
 *     }
 * }
 * }</pre>
 *
 * <p>A demo whose main thread blocks where it cannot watch for Ctrl-C (lab 01 runs the student's
 * {@code GracefulStop.runFor}) registers its stop with {@link #onStop} and runs the blocking call through
 * {@link #interruptibly}: the stop runs on a thread of its own, then the blocked call is interrupted.
 */
public final class Demo {

    /** Exit code: the demo failed (an exception, a step not done yet). */
    public static final int FAILED = 1;
    /** Exit code: an option is wrong; nothing was started. */
    public static final int BAD_OPTION = 2;
    /** Exit code: the source is not there (nothing listening, a port taken…), and the demo gave up. */
    public static final int SOURCE_UNAVAILABLE = 3;

    /** What a demo does with its {@link Demo}. */
    @FunctionalInterface
    public interface Body {
        void run(Demo demo) throws Exception;
    }

    /** A call that blocks and may be interrupted (by a stop request: see {@link #interruptibly}). */
    @FunctionalInterface
    public interface Blocking {
        void run() throws Exception;
    }

    private final DemoOptions declaration;
    private final DemoOptions.Values options;
    private final PrintStream out;
    private final StopSignal stop;
    private final Object interruptLock = new Object();
    private volatile SourceUnavailable gaveUp;

    private Demo(DemoOptions declaration, DemoOptions.Values options, PrintStream out, StopSignal stop) {
        this.declaration = declaration;
        this.options = options;
        this.out = out;
        this.stop = stop;
    }

    /**
     * Runs a demo from its {@code main}: checks {@code args} against {@code declaration}, listens for Ctrl-C and for
     * the end of the parent process, runs {@code body}, then exits the JVM with the code that says how it went.
     */
    public static void run(DemoOptions declaration, String[] args, Body body) {
        System.exit(execute(declaration, args, body, System.out, null));
    }

    /**
     * Runs a demo and returns its exit code instead of exiting: for the runner and for tests.
     *
     * @param stop the stop signal to use; null installs the process's own (Ctrl-C, SIGTERM, parent process)
     */
    public static int execute(DemoOptions declaration, String[] args, Body body, PrintStream out, StopSignal stop) {
        DemoOptions.Values options;
        try {
            options = declaration.parse(args);
        } catch (DemoOptions.BadOption wrong) {
            badOption(declaration, wrong, out);
            return BAD_OPTION;
        }
        if (options.help()) {
            out.println(declaration.name() + ": " + declaration.summary());
            out.println(declaration.usage("  "));
            return 0;
        }
        var demo = new Demo(declaration, options, out, stop != null ? stop : StopSignal.install(out));
        try {
            body.run(demo);
            if (demo.gaveUp != null) {
                throw demo.gaveUp;
            }
            return 0;
        } catch (WebPortBusy busy) {
            out.println(declaration.name() + ": " + busy.getMessage());
            return BAD_OPTION;
        } catch (SourceUnavailable unavailable) {
            out.println(declaration.name() + ": " + unavailable.getMessage());
            return SOURCE_UNAVAILABLE;
        } catch (DemoOptions.BadOption wrong) {
            badOption(declaration, wrong, out);
            return BAD_OPTION;
        } catch (Throwable failure) {
            if (demo.gaveUp != null) {
                out.println(declaration.name() + ": " + demo.gaveUp.getMessage());
                return SOURCE_UNAVAILABLE;
            }
            var notDone = NotDoneYet.findIn(failure);
            if (notDone != null || NotDoneYet.isNotDoneYet(failure)) {
                out.println(declaration.name() + ": the app reached a step that is not done yet: "
                        + (notDone != null ? notDone.getMessage() : rootCause(failure).getMessage()));
                return FAILED;
            }
            out.println(declaration.name() + " failed: " + rootCause(failure));
            failure.printStackTrace(out);
            return FAILED;
        } finally {
            out.flush();
        }
    }

    private static void badOption(DemoOptions declaration, DemoOptions.BadOption wrong, PrintStream out) {
        var message = wrong.getMessage();
        out.println(declaration.name() + ": " + message
                + (message.contains("the options are") ? "" : " (--help lists the options)"));
    }

    // ------------------------------------------------------------------------------------------------- options

    /** The options of this run, checked against the declaration. */
    public DemoOptions.Values options() {
        return options;
    }

    /** {@code --batches}: how many batches (or triggers) to run; 0 when the demo runs until it is stopped. */
    public int batches() {
        return options.number("batches");
    }

    /** {@code --batch-ms}: the batch (or trigger) interval, in milliseconds. */
    public int batchMs() {
        return options.number("batch-ms");
    }

    private int declaredBatchMs() {
        return declaration.options().stream().anyMatch(option -> option.name().equals("batch-ms")) ? batchMs() : 0;
    }

    /** {@code --batch-ms} as a DStream batch interval. */
    public org.apache.spark.streaming.Duration batchInterval() {
        return Durations.milliseconds(batchMs());
    }

    /** {@code --ui}: whether the Spark UI is on. */
    public boolean ui() {
        return options.flag("ui");
    }

    /**
     * With {@code --web} or {@code --web-port} ({@link DemoOptions#web()}): the live dashboard, started, its address
     * printed; null otherwise. The demo closes it at the end ({@code try (var dashboard = demo.dashboard())}).
     *
     * @throws WebPortBusy when the port is taken: the demo ends with that message, which names {@code --web-port}
     */
    public Dashboard dashboard() {
        if (!options.flag("web") && !options.given("web-port")) {
            return null;
        }
        var dashboard = Dashboard.start(options.number("web-port"));
        say("Live dashboard: %s (open it in a browser; it shows each trigger as it ends)", dashboard.url());
        return dashboard;
    }

    /** The demo's name in the runner ({@code lab01}). */
    public String name() {
        return declaration.name();
    }

    /** Prints a line for the audience (standard output). */
    public void say(String format, Object... args) {
        out.println(args.length == 0 ? format : format.formatted(args));
    }

    // --------------------------------------------------------------------------------------------------- Spark

    /**
     * The workbook's settings ({@link LocalSpark#conf}), with the Spark UI on a free port if {@code --ui} was given
     * (a port given with {@code -Dspark.ui.port} wins; without {@code --ui}, off unless {@code spark-submit} turned it
     * on), and a graceful stop that may take a minute.
     */
    public SparkConf sparkConf(String appName) {
        var conf = LocalSpark.conf(appName)
                // A graceful stop runs every batch already cut; on a busy laptop they queue up, and Spark's default
                // limit (10 batch intervals) would cut the stop short with a warning. A minute, at least.
                .setIfMissing("spark.streaming.gracefulStopTimeout", Math.max(60_000L, 10L * declaredBatchMs()) + "ms");
        if (ui()) {
            conf.set("spark.ui.enabled", "true").setIfMissing("spark.ui.port", String.valueOf(freePort()));
        }
        return conf;
    }

    /** A Spark context on {@link #sparkConf}; prints the UI's address with {@code --ui}. */
    public JavaSparkContext sparkContext(String appName) {
        var spark = new JavaSparkContext(sparkConf(appName));
        showUi(spark.sc());
        return spark;
    }

    /** A Spark session on {@link #sparkConf}; prints the UI's address with {@code --ui}. */
    public SparkSession sparkSession(String appName) {
        var session = SparkSession.builder().config(sparkConf(appName)).getOrCreate();
        showUi(session.sparkContext());
        return session;
    }

    /** Prints where the Spark UI is, if it is on. */
    public void showUi(SparkContext spark) {
        if (spark.uiWebUrl().isDefined()) {
            say("Spark UI: %s (while the demo runs)", spark.uiWebUrl().getOrElse(() -> "(off)"));
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the Spark UI", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------- stop

    /** True once Ctrl-C (or SIGTERM, or the end of the parent process) asked the demo to stop. */
    public boolean stopRequested() {
        return stop.requested();
    }

    /** The stop signal: its reason, and a way to wait for it. */
    public StopSignal stopSignal() {
        return stop;
    }

    /**
     * What to do when a stop is requested while the main thread cannot watch for it (see {@link #interruptibly}):
     * runs on a thread of its own, once.
     */
    public void onStop(Runnable action) {
        stop.onRequest(action);
    }

    /**
     * Runs a call that blocks without watching for a stop request (the student's {@code runFor}). If a stop is
     * requested meanwhile, the actions given to {@link #onStop} run first (they stop what the call waits for),
     * then the call is interrupted, and this method returns normally.
     */
    public void interruptibly(Blocking call) throws Exception {
        var caller = Thread.currentThread();
        var inside = new boolean[] {true};
        stop.onRequest(() -> {
            synchronized (interruptLock) {
                if (inside[0]) {
                    caller.interrupt();
                }
            }
        });
        try {
            call.run();
        } catch (InterruptedException interrupted) {
            if (!stop.requested()) {
                throw interrupted;
            }
        } finally {
            synchronized (interruptLock) {
                inside[0] = false;
            }
            Thread.interrupted();   // an interrupt that came as the call returned is not for what follows
        }
    }

    /**
     * Waits while {@code context} runs, until {@code done} holds (true), a stop is requested (false: Ctrl-C, or a
     * receiver that gave up on its source), or the context stopped (false). A batch that failed ends the wait with
     * its exception. After a give-up, the demo stops as usual, and {@link #run} exits with
     * {@link #SOURCE_UNAVAILABLE}.
     */
    public boolean awaitWhileRunning(JavaStreamingContext context, BooleanSupplier done) throws InterruptedException {
        while (true) {
            if (done.getAsBoolean()) {
                return true;
            }
            if (stop.requested() || context.getState() == StreamingContextState.STOPPED) {
                return false;
            }
            // Spark reports a failed batch to whoever waits for the context: this throws it.
            if (context.awaitTerminationOrTimeout(100)) {
                return done.getAsBoolean();
            }
        }
    }

    /**
     * Waits while {@code context} runs until {@code done} holds, at most {@code limit}, whether or not a stop was
     * requested: the wait of a stop in progress, for the last records to reach the batches. True if {@code done}
     * held; a batch that failed ends the wait with its exception.
     */
    public boolean awaitDrained(JavaStreamingContext context, BooleanSupplier done, java.time.Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline || context.getState() != StreamingContextState.ACTIVE
                    || context.awaitTerminationOrTimeout(100)) {
                return done.getAsBoolean();
            }
        }
        return true;
    }

    /**
     * Waits while {@code query} runs, until {@code done} holds (true), a stop is requested (false), or the query
     * stopped (false). A query that failed ends the wait with its exception.
     */
    public boolean awaitWhileRunning(StreamingQuery query, BooleanSupplier done) throws Exception {
        while (true) {
            if (done.getAsBoolean()) {
                return true;
            }
            if (stop.requested()) {
                return false;
            }
            if (query.awaitTermination(100)) {
                if (query.exception().isDefined()) {
                    throw query.exception().get();
                }
                return done.getAsBoolean();
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- receivers

    /**
     * Watches the receivers of {@code context}: one line per failed attempt to reach the source, and after
     * {@link ReceiverWatch#ATTEMPTS} in a row the demo gives up: a stop is requested, the waits return, and the exit
     * code is {@link #SOURCE_UNAVAILABLE}.
     *
     * @param whatToCheck what to check when the source fails, named with its address ("is nc -lk 9999 running?")
     * @param whenQuiet   what to say if batches keep coming with no record at all, or null
     */
    public ReceiverWatch watchReceivers(JavaStreamingContext context, String whatToCheck, String whenQuiet) {
        var watch = new ReceiverWatch(out, whatToCheck, whenQuiet, unavailable -> {
            gaveUp = unavailable;
            stop.request("the source is not there");
        });
        context.addStreamingListener(watch);
        stop.onRequest(watch::stopping);
        return watch;
    }

    /**
     * Before a receiver is to listen on {@code host:port}: checks that the port is free, and if it is not, says so in
     * one line per attempt and tries again, 2 s apart, {@link ReceiverWatch#ATTEMPTS} times in all; then gives up.
     * Checked here, a port already taken is one clear line; found by the receiver itself, it would be a failed task
     * (an ERROR and a stack trace) at each of Spark's restarts.
     *
     * @throws SourceUnavailable when the port is still taken after the last attempt
     */
    public void awaitFreePort(String host, int port, String whatToCheck) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try (var probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress(host, port));
                return;
            } catch (IOException taken) {
                var why = "cannot listen on %s:%d (%s)".formatted(host, port, taken.getMessage());
                if (attempt == ReceiverWatch.ATTEMPTS) {
                    throw new SourceUnavailable("gave up after %d attempts: %s. %s".formatted(attempt, why,
                            whatToCheck));
                }
                say("%s. Attempt %d of %d failed; trying again in 2 s.%s", why, attempt, ReceiverWatch.ATTEMPTS,
                        attempt == 1 ? " " + whatToCheck : "");
                if (stop.await(java.time.Duration.ofSeconds(2))) {
                    throw new SourceUnavailable(why);
                }
            }
        }
    }

    /** The source the demo gave up on, if it did. */
    public SourceUnavailable gaveUp() {
        return gaveUp;
    }

    /**
     * Turns the named loggers off, unless {@code -DsparkLog=INFO} (or DEBUG) asks for Spark's logs: for the log lines
     * that repeat, with a stack trace, what the demo already says in its own words. Never for anything else.
     */
    public static void silence(String... loggers) {
        if (!LogManager.getRootLogger().isInfoEnabled()) {
            for (var logger : loggers) {
                Configurator.setLevel(logger, Level.OFF);
            }
        }
    }

    /** The innermost cause: what actually went wrong, however deeply Spark wrapped it. */
    static Throwable rootCause(Throwable failure) {
        var cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
