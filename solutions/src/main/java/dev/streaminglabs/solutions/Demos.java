package dev.streaminglabs.solutions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The instructor's runner: every lab's reference demo, by name. Each demo brings its own input, prints one line per
 * batch or trigger and stops by itself.
 *
 * <pre>
 * ./mvnw -q -Psolutions -pl solutions -am compile exec:exec                                 # list the demos
 * ./mvnw -q -Psolutions -pl solutions -am compile exec:exec -Ddemo=lab01 -Dargs="--batches 5 --ui"
 * ./mvnw -q -Psolutions -pl solutions -am compile exec:exec -Ddemo=lab01 -Dargs=--nc         # after: nc -lk 9999
 * ./mvnw -q -Psolutions -pl solutions -am compile exec:exec -Ddemo=tour                      # every demo, briefly
 * </pre>
 *
 * <p>The options after the demo's name are the demo's own, with one vocabulary: {@code --batches N} how many batches
 * (or triggers) it runs before it stops by itself, {@code --batch-ms MS} the batch (or trigger) interval,
 * {@code --dir DIR} the folder it writes to (default: a temporary folder, deleted at the end), and its own: a port, a
 * rate, a seed… {@code list} shows them; each lab's README explains them. Every demo takes {@code --ui}; the runner
 * then picks a free port for the Spark UI and prints its address. An option a demo does not know is an error.
 *
 * <p>The runner is also the main class of the jar for {@code spark-submit} ({@code docs/cluster.md}):
 * {@code spark-submit --master spark://host:7077 solutions/target/spark-streaming-labs-app.jar lab01 --batches 30}.
 */
public final class Demos {

    /**
     * A demo: its name, the lab's app it runs (a class with a {@code main}), what it shows, its options, the options
     * it gets in the {@code tour}, and shorthands that expand to several options.
     */
    record Demo(String name, Class<?> app, String description, String options, List<String> tourOptions,
                Map<String, List<String>> shorthands) {

        void run(List<String> args) throws Throwable {
            try {
                app.getMethod("main", String[].class).invoke(null, (Object) args.toArray(String[]::new));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    /** How long one demo of the tour may take before it is stopped and counted as failed. */
    private static final Duration TOUR_LIMIT = Duration.ofMinutes(3);

    private static final Map<String, Demo> DEMOS = new LinkedHashMap<>();

    static {
        add(new Demo("lab01", dev.streaminglabs.lab01.SocketWordCount.class,
                "DStream word count over a TCP socket (embedded line server)",
                "--batches N (10; 0 = until Ctrl-C) --batch-ms MS (2000) --host H --port P --ui; "
                        + "--nc = --port 9999 --batches 0, after `nc -lk 9999`",
                List.of("--batches", "3", "--batch-ms", "1000"),
                Map.of("--nc", List.of("--port", "9999", "--batches", "0"))));
        add(new Demo("lab02", dev.streaminglabs.lab02.FlumeWordCount.class,
                "a Flume agent tails a generated log and pushes it to a reliable receiver (write-ahead log,"
                        + " checkpoint, counts saved per batch)",
                "--batches N (8) --batch-ms MS (2000) --rate N (20 lines/s) --dir DIR (log, counts, checkpoint:"
                        + " kept, recovered by the next run; default a temporary folder, deleted) --port P --ui",
                // The agent's first batch of events takes a few seconds to arrive: shorter runs show only empty batches.
                List.of("--batches", "8"), Map.of()));
        add(new Demo("lab03", dev.streaminglabs.lab03.LiveWordCount.class,
                "Structured Streaming word count over a socket, update mode, one line per trigger",
                "--batches N (10 triggers; 0 = until Ctrl-C) --batch-ms MS (2000) --host H --port P --ui; "
                        + "--nc = --port 9999 --batches 0, after `nc -lk 9999`",
                List.of("--batches", "4"),
                Map.of("--nc", List.of("--port", "9999", "--batches", "0"))));
        add(new Demo("lab04", dev.streaminglabs.lab04.LateReadings.class,
                "event-time windows with a watermark: generated sensor readings, some late, counted or dropped",
                "--batches N (12 triggers) --batch-ms MS (1000) --seed S (42) --timeline (draw the run at the end)"
                        + " --ui",
                List.of("--batches", "4", "--batch-ms", "500"), Map.of()));
        add(new Demo("lab05", dev.streaminglabs.lab05.RecoverableStream.class,
                "lineage cut by a checkpoint, the shuffles of a skewed key, then a stream that stops and recovers its"
                        + " running totals from its checkpoint",
                "--batches N (5, before the stop and again after it) --batch-ms MS (1000) --dir DIR (input and"
                        + " checkpoints: kept, the next run continues the stream; default a temporary folder, deleted)"
                        + " --ui",
                List.of("--batches", "2"), Map.of()));
        add(new Demo("lab07", dev.streaminglabs.lab07.ClickAttribution.class,
                "impressions joined with their clicks on event time (left outer): what each trigger emits, the"
                        + " join's state in numbers and its rows, read from the checkpoint between triggers",
                "--batches N (12 triggers, 5 minutes of event time each) --batch-ms MS (1000) --rate N (6"
                        + " impressions per trigger) --seed S (42) --dir DIR (the checkpoint: kept; default a"
                        + " temporary folder, deleted) --ui",
                List.of("--batches", "9", "--batch-ms", "0"), Map.of()));
    }

    private Demos() {
    }

    /** The demos, in the order of the course. */
    static Map<String, Demo> demos() {
        return DEMOS;
    }

    private static void add(Demo demo) {
        DEMOS.put(demo.name(), demo);
    }

    public static void main(String[] args) throws Exception {
        var name = args.length == 0 ? "list" : args[0];
        var options = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        switch (name) {
            case "list" -> list();
            case "tour" -> System.exit(tour());
            default -> {
                var demo = DEMOS.get(name);
                if (demo == null) {
                    System.out.println("No demo called '" + name + "'.");
                    list();
                    System.exit(2);
                    return;
                }
                System.exit(run(demo, options));
            }
        }
    }

    private static void list() {
        System.out.println("Demos (run one with -Ddemo=NAME, give it options with -Dargs=\"...\"):");
        DEMOS.values().forEach(demo -> System.out.printf("  %-6s %s%n         %s%n", demo.name(), demo.description(),
                demo.options()));
        System.out.printf("  %-6s every demo above, briefly, one after the other%n", "tour");
    }

    /** Runs one demo in this JVM; the exit code is 2 for a wrong option, 1 for a failure. */
    private static int run(Demo demo, List<String> options) {
        var args = expand(demo, options);
        System.out.println("== " + demo.name() + " · " + demo.description()
                + (args.isEmpty() ? "" : " · options " + String.join(" ", args)));
        if (args.contains("--ui")) {
            // Spark reads spark.* system properties into every SparkConf: the demo's own conf gets this port.
            int port = freePort();
            System.setProperty("spark.ui.enabled", "true");
            System.setProperty("spark.ui.port", String.valueOf(port));
            System.out.println("Spark UI: http://127.0.0.1:" + port + " (while the demo runs)");
        }
        try {
            demo.run(args);
            return 0;
        } catch (IllegalArgumentException wrongOption) {
            System.out.println(demo.name() + ": " + wrongOption.getMessage());
            System.out.println("options: " + demo.options());
            return 2;
        } catch (Throwable e) {
            e.printStackTrace();
            return 1;
        }
    }

    /** The demo's options with its shorthands expanded; options given after a shorthand win over it. */
    static List<String> expand(Demo demo, List<String> options) {
        var expanded = new ArrayList<String>();
        for (var option : options) {
            expanded.addAll(demo.shorthands().getOrDefault(option, List.of(option)));
        }
        return expanded;
    }

    /**
     * Every demo, briefly, each in a JVM of its own (a demo stops its Spark context, but a fresh JVM is what a student
     * gets, and one demo's failure cannot spoil the next). The exit code is 1 if any demo failed.
     */
    private static int tour() throws IOException, InterruptedException {
        var results = new LinkedHashMap<String, String>();
        for (var demo : DEMOS.values()) {
            long started = System.nanoTime();
            var command = new ArrayList<String>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // The same JVM flags (Spark's --add-opens, -Xmx, -DsparkLog), without a debugger that would want our port.
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(flag -> !flag.startsWith("-agentlib:jdwp"))
                    .forEach(command::add);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Demos.class.getName(), demo.name()));
            command.addAll(demo.tourOptions());
            var process = new ProcessBuilder(command).inheritIO().start();
            String outcome;
            if (process.waitFor(TOUR_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                outcome = process.exitValue() == 0 ? "ok" : "FAILED (exit code " + process.exitValue() + ")";
            } else {
                process.destroyForcibly().waitFor();
                outcome = "FAILED (still running after " + TOUR_LIMIT.toMinutes() + " min, stopped)";
            }
            results.put(demo.name(), "%-6s %5.1f s  %s".formatted(demo.name(),
                    (System.nanoTime() - started) / 1e9, outcome));
            System.out.println();
        }
        System.out.println("== tour");
        results.values().forEach(line -> System.out.println("  " + line));
        return results.values().stream().allMatch(line -> line.endsWith(" ok")) ? 0 : 1;
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the Spark UI", e);
        }
    }
}
