package dev.streaminglabs.watch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a lab's files are and how its tests run, as lab-parent's {@code watch} profile passes them: the same
 * folders and JVM options as the one-shot {@code ./mvnw test}, in student mode or with {@code -Psolutions}.
 *
 * @param lab          the lab's folder, e.g. {@code .../lab-01-socket}
 * @param sources      the exercise's sources: {@code src/main/java}, or {@code src/solution/java} with -Psolutions
 * @param given        the lab's given code, compiled in both modes (may not exist)
 * @param classes      where the sources compile to ({@code target/classes} or {@code target/solution-classes})
 * @param testSources  the lab's tests
 * @param testClasses  where the tests compile to
 * @param release      the Java release to compile for
 * @param encoding     the sources' encoding
 * @param testJvm      the test JVM's options (Surefire's argLine)
 * @param sparkLog     Spark's log level in the tests
 * @param clock        the tests' streaming clock ({@code manual})
 * @param verbose      print the timings of every compile, warm-up and run
 * @param step         the step to stay on ({@code -Dwatch.step=N}), or 0: the first step not done, moving on when done
 * @param runOrder     Surefire's {@code runOrder} (it also orders the methods of each test class)
 */
public record WatchOptions(Path lab, Path sources, Path given, Path classes, Path testSources, Path testClasses,
                           String release, String encoding, List<String> testJvm, String sparkLog, String clock,
                           boolean verbose, int step, String runOrder) {

    static WatchOptions parse(String... args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option --name=value, found: " + args[i]);
            }
            int equals = args[i].indexOf('=');
            if (equals > 0) {
                values.put(args[i].substring(2, equals), args[i].substring(equals + 1));
            } else if (i + 1 < args.length) {
                values.put(args[i].substring(2), args[++i]);
            }
        }
        var lab = Path.of(required(values, "lab")).toAbsolutePath().normalize();
        return new WatchOptions(lab,
                lab.resolve(values.getOrDefault("sources", "src/main/java")).normalize(),
                lab.resolve(values.getOrDefault("given", "src/given/java")).normalize(),
                lab.resolve(values.getOrDefault("classes", "target/classes")).normalize(),
                lab.resolve(values.getOrDefault("test-sources", "src/test/java")).normalize(),
                lab.resolve(values.getOrDefault("test-classes", "target/test-classes")).normalize(),
                values.getOrDefault("release", "17"),
                values.getOrDefault("encoding", "UTF-8"),
                splitOptions(values.getOrDefault("test-jvm", "")),
                values.getOrDefault("spark-log", "WARN"),
                values.getOrDefault("clock", "manual"),
                Boolean.parseBoolean(values.getOrDefault("verbose", "false")),
                parseStep(values.getOrDefault("step", "")),
                values.getOrDefault("run-order", "alphabetical"));
    }

    /** "student" or "solutions": which source folder is compiled. */
    public String mode() {
        return sources.endsWith(Path.of("src", "solution", "java")) ? "solutions" : "student";
    }

    /** The lab's folder name, e.g. {@code lab-01-socket}. */
    public String labName() {
        return lab.getFileName().toString();
    }

    /** Where watch mode keeps its files: the lab's build folder, so that {@code mvn clean} forgets them. */
    public Path workFolder() {
        return lab.resolve("target").resolve("watch");
    }

    /** A path as the student sees it from the repository's root, e.g. {@code lab-01-socket/src/main/java/...}. */
    public String shown(Path path) {
        var root = lab.getParent();
        var absolute = path.toAbsolutePath().normalize();
        return (root != null && absolute.startsWith(root) ? root.relativize(absolute) : absolute).toString()
                .replace('\\', '/');
    }

    private static String required(Map<String, String> values, String name) {
        var value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing option --" + name);
        }
        return value;
    }

    private static int parseStep(String value) {
        var digits = value.replaceAll("\\D", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    private static List<String> splitOptions(String line) {
        List<String> options = new ArrayList<>();
        for (var option : line.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                options.add(option);
            }
        }
        return List.copyOf(options);
    }
}
