package dev.streaminglabs.testkit.progress;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;

/**
 * Every step of the lab under test, from its test classes' {@code @DisplayName("Step N — …")}, whether or not this
 * run selected them: a run of one step ({@code -Dgroups=step2}) still knows the lab has six.
 */
final class LabSteps {

    private static final Pattern STEP = Pattern.compile("Step (\\d+)\\s*[—–-]\\s*(.+)");

    private LabSteps() {
    }

    /** Step number → title, from the test classes folder on the class path; empty if there is none. */
    static Map<Integer, String> inTestClasses() {
        var steps = new TreeMap<Integer, String>();
        for (var entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            var folder = Path.of(entry);
            if (folder.getFileName() != null && folder.getFileName().toString().equals("test-classes")
                    && Files.isDirectory(folder)) {
                classNamesIn(folder).forEach(name -> stepOf(name).ifPresent(step -> steps.putIfAbsent(
                        Integer.parseInt(step.group(1)), step.group(2).trim())));
            }
        }
        return steps;
    }

    private static Stream<String> classNamesIn(Path folder) {
        try (var files = Files.walk(folder)) {
            return files.map(folder::relativize).map(Path::toString)
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> name.substring(0, name.length() - ".class".length())
                            .replace(File.separatorChar, '.'))
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Matcher> stepOf(String className) {
        try {
            var type = Class.forName(className, false, Thread.currentThread().getContextClassLoader());
            var name = type.getAnnotation(DisplayName.class);
            if (name == null) {
                return Optional.empty();
            }
            var matcher = STEP.matcher(name.value());
            return matcher.matches() ? Optional.of(matcher) : Optional.empty();
        } catch (ClassNotFoundException | LinkageError notLoadable) {
            return Optional.empty();
        }
    }
}
