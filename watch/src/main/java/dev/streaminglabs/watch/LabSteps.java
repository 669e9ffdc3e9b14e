package dev.streaminglabs.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A lab's steps, found the way every lab is written (no list to keep up to date): the README's "## Step N — title"
 * sections and their folded {@code <details><summary>Hint ...} hints; the test classes tagged {@code stepN}; the
 * skeleton's holes ({@code // TODO Step N}, {@code new NotDoneYet("lab-...", N, ...)}), which say the step's files.
 */
public final class LabSteps {

    private static final Pattern HEADING = Pattern.compile("(?m)^## Step (\\d+)\\s*[—–-]\\s*(.+?)\\s*$");
    private static final Pattern NEXT_SECTION = Pattern.compile("(?m)^## ");
    private static final Pattern HINT = Pattern.compile(
            "(?s)<details>\\s*<summary>\\s*(Hint[^<]*?)\\s*</summary>(.*?)</details>");
    private static final Pattern TAG = Pattern.compile("@Tag\\(\"step(\\d+)\"\\)");
    private static final Pattern DISPLAY_NAME = Pattern.compile("@DisplayName\\(\"Step (\\d+)\\s*[—–-]\\s*([^\"]+)\"\\)");
    private static final Pattern HOLE = Pattern.compile(
            "TODO Step (\\d+)|new\\s+NotDoneYet\\(\\s*\"[^\"]*\"\\s*,\\s*(\\d+)\\s*,");
    private static final Pattern STRUCTURED = Pattern.compile(
            "QueryRun|MemoryInput|memoryInput|readStream|writeStream|StreamingQuery|OutputMode");
    private static final Pattern DSTREAM = Pattern.compile(
            "StreamingScenario|StreamingRun|JavaStreamingContext|streamingContext\\(|JavaDStream");

    private final Map<Integer, Step> steps;
    private final List<String> warmUps;

    private LabSteps(Map<Integer, Step> steps, List<String> warmUps) {
        this.steps = steps;
        this.warmUps = warmUps;
    }

    /** Reads the lab's README, tests and skeleton ({@code src/main/java}, which holds the holes in both modes). */
    public static LabSteps of(WatchOptions options) {
        var readme = read(options.lab().resolve("README.md"));
        var tests = javaFiles(options.testSources()).stream().map(LabSteps::read).toList();
        var skeleton = options.lab().resolve("src").resolve("main").resolve("java");

        Map<Integer, String> titles = new TreeMap<>();
        Map<Integer, List<Step.Hint>> hints = new TreeMap<>();
        var heading = HEADING.matcher(readme);
        while (heading.find()) {
            int number = Integer.parseInt(heading.group(1));
            titles.putIfAbsent(number, heading.group(2));
            var rest = readme.substring(heading.end());
            var next = NEXT_SECTION.matcher(rest);
            var section = next.find() ? rest.substring(0, next.start()) : rest;
            hints.put(number, hintsIn(section));
        }
        Set<Integer> tested = new TreeSet<>();
        for (var test : tests) {
            TAG.matcher(test).results().forEach(tag -> tested.add(Integer.parseInt(tag.group(1))));
            DISPLAY_NAME.matcher(test).results()
                    .forEach(name -> titles.putIfAbsent(Integer.parseInt(name.group(1)), name.group(2).trim()));
        }
        Map<Integer, Set<Path>> files = new TreeMap<>();
        for (var file : javaFiles(skeleton)) {
            HOLE.matcher(read(file)).results().forEach(hole -> files
                    .computeIfAbsent(Integer.parseInt(hole.group(1) != null ? hole.group(1) : hole.group(2)),
                            n -> new TreeSet<>())
                    .add(skeleton.relativize(file)));
        }

        Set<Integer> numbers = new TreeSet<>(titles.keySet());
        numbers.addAll(tested);
        Map<Integer, Step> steps = new TreeMap<>();
        for (int number : numbers) {
            steps.put(number, new Step(number, titles.getOrDefault(number, "(no title)"),
                    hints.getOrDefault(number, List.of()), List.copyOf(files.getOrDefault(number, Set.of())),
                    tested.contains(number)));
        }
        var allTests = String.join("\n", tests);
        List<String> warmUps = new ArrayList<>();
        if (DSTREAM.matcher(allTests).find()) {
            warmUps.add("dstream");
        }
        if (STRUCTURED.matcher(allTests).find()) {
            warmUps.add("structured");
        }
        return new LabSteps(steps, List.copyOf(warmUps));
    }

    public List<Step> all() {
        return List.copyOf(steps.values());
    }

    public Optional<Step> get(int number) {
        return Optional.ofNullable(steps.get(number));
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** What the test JVM should warm up, from what the lab's tests use: "dstream", "structured". */
    public List<String> warmUps() {
        return warmUps;
    }

    /** The step after (or before, {@code direction} -1) {@code number}, staying on the first or last step. */
    public int move(int number, int direction) {
        var numbers = new ArrayList<>(steps.keySet());
        int index = numbers.indexOf(number);
        if (index < 0) {
            return numbers.isEmpty() ? number : numbers.get(0);
        }
        return numbers.get(Math.max(0, Math.min(numbers.size() - 1, index + direction)));
    }

    static List<Step.Hint> hintsIn(String section) {
        List<Step.Hint> hints = new ArrayList<>();
        var hint = HINT.matcher(section);
        while (hint.find()) {
            hints.add(new Step.Hint(hint.group(1).trim(), hint.group(2).strip()));
        }
        return List.copyOf(hints);
    }

    static List<Path> javaFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.toString().endsWith(".java") && Files.isRegularFile(file))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            // Lenient: a file saved in another encoding must not stop the watcher (the compiler will say so).
            return Files.isRegularFile(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
