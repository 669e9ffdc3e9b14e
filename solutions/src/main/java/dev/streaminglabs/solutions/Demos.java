package dev.streaminglabs.solutions;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.streaminglabs.common.DemoOptions;

/**
 * The instructor's runner: every lab's reference demo, by name. Each demo brings its own input, prints one line per
 * batch or trigger and stops by itself (or on Ctrl-C, in order: nothing received is lost).
 *
 * <pre>
 * ./mvnw -q -Psolutions -pl solutions -am compile exec:exec                                 # list the demos
 * ./mvnw -q -Psolutions -pl solutions -am compile exec:exec -Ddemo=lab01 -Dargs="--batches 5 --ui"
 * ./mvnw -q -Psolutions -pl solutions -am compile exec:exec -Ddemo=lab01 -Dargs=--nc         # after: nc -lk 9999
 * ./mvnw -q -Psolutions -pl solutions -am compile exec:exec -Ddemo=tour                      # every demo, briefly
 * </pre>
 *
 * <p>The options after the demo's name are the demo's own, declared once in its {@link DemoOptions} (the lab's given
 * demo class): {@code list} prints them, {@code --help} after a demo's name too, and each lab's README says the same
 * (a test checks it). The shared vocabulary: {@code --batches N} how many batches (or triggers) it runs before it stops
 * by itself, {@code --batch-ms MS} the batch (or trigger) interval, {@code --ui} the Spark UI on a free port, and, for
 * the demos that write, {@code --dir DIR}. A wrong option stops the demo before it starts, with one line and exit code
 * 2, which Maven passes on (as it does 1, a failure, and 3, a source that is not there).
 *
 * <p>The runner is also the main class of the jar for {@code spark-submit} ({@code docs/cluster.md}):
 * {@code spark-submit --master spark://host:7077 solutions/target/spark-streaming-labs-app.jar lab01 --batches 30}.
 */
public final class Demos {

    /**
     * A demo: its name, its options (with its one-line summary), the lab's app class it runs (whose {@code main}
     * runs the given demo), the options it gets in the {@code tour}, and shorthands that expand to several options.
     */
    record Demo(String name, DemoOptions options, Class<?> app, List<String> tourOptions,
                Map<String, List<String>> shorthands) {

        String description() {
            return options.summary();
        }

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

    /** Exit code: no demo by that name. */
    private static final int NO_SUCH_DEMO = 2;

    private static final Map<String, Demo> DEMOS = new LinkedHashMap<>();

    static {
        add(new Demo("lab01", dev.streaminglabs.lab01.SocketWordCountDemo.OPTIONS,
                dev.streaminglabs.lab01.SocketWordCount.class,
                List.of("--batches", "3", "--batch-ms", "1000"),
                Map.of("--nc", List.of("--port", "9999", "--batches", "0"))));
        // The agent's first batch of events takes a few seconds to arrive: shorter runs show only empty batches.
        add(new Demo("lab02", dev.streaminglabs.lab02.FlumeDemo.OPTIONS, dev.streaminglabs.lab02.FlumeWordCount.class,
                List.of("--batches", "8"), Map.of()));
        add(new Demo("lab03", dev.streaminglabs.lab03.LiveWordCountDemo.OPTIONS,
                dev.streaminglabs.lab03.LiveWordCount.class,
                List.of("--batches", "4"),
                Map.of("--nc", List.of("--port", "9999", "--batches", "0"))));
        add(new Demo("lab04", dev.streaminglabs.lab04.LateReadingsDemo.OPTIONS,
                dev.streaminglabs.lab04.LateReadings.class,
                List.of("--batches", "4", "--batch-ms", "500"), Map.of()));
        add(new Demo("lab05", dev.streaminglabs.lab05.RecoverableStreamDemo.OPTIONS,
                dev.streaminglabs.lab05.RecoverableStream.class,
                List.of("--batches", "2"), Map.of()));
        add(new Demo("lab06", dev.streaminglabs.lab06.LiveClicksDemo.OPTIONS, dev.streaminglabs.lab06.LiveClicksDemo.class,
                List.of("--seconds", "8"), Map.of()));
        add(new Demo("lab07", dev.streaminglabs.lab07.ClickAttributionDemo.OPTIONS,
                dev.streaminglabs.lab07.ClickAttribution.class,
                List.of("--batches", "9", "--batch-ms", "1"), Map.of()));
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
                    System.exit(NO_SUCH_DEMO);
                    return;
                }
                System.exit(run(demo, options));
            }
        }
    }

    private static void list() {
        System.out.println("Demos (run one with -Ddemo=NAME, give it options with -Dargs=\"...\"):");
        DEMOS.values().forEach(demo -> {
            System.out.printf("%n  %-6s %s%n%s%n", demo.name(), demo.description(), demo.options().usage("         "));
            demo.shorthands().forEach((shorthand, expansion) -> System.out.printf("         %s = %s%s%n", shorthand,
                    String.join(" ", expansion), shorthand.equals("--nc") ? ", after nc -lk 9999" : ""));
        });
        System.out.printf("%n  %-6s every demo above, briefly, one after the other%n", "tour");
    }

    /**
     * Runs one demo in this JVM. The demo checks its options and exits with its own code (0 done, 1 failed, 2 a
     * wrong option, 3 its source is not there); this returns 1 only if the demo's main itself throws.
     */
    private static int run(Demo demo, List<String> options) {
        var args = expand(demo, options);
        System.out.println("== " + demo.name() + " · " + demo.description()
                + (args.isEmpty() ? "" : " · options " + String.join(" ", args)));
        try {
            demo.run(args);
            return 0;
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
}
