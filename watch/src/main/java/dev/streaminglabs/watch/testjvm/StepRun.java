package dev.streaminglabs.watch.testjvm;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * One run of a lab's tests, as Surefire runs them with {@code -Dgroups=stepN}: the test classes Surefire would pick
 * (its default includes), in the order of Surefire's {@code runOrder} (classes and their methods), in one launcher
 * request filtered by the step's tag. The listeners registered through {@code META-INF/services} (the progress
 * summary) are the same.
 */
final class StepRun {

    /** Surefire's default includes: Test*, *Test, *Tests, *TestCase; never a nested class. */
    private static final Pattern SUREFIRE_INCLUDES = Pattern.compile("(Test\\w*|\\w*Tests?|\\w*TestCase)");

    private StepRun() {
    }

    /** Runs the tests of {@code step}, or of every step when it is 0. */
    static void run(Launcher launcher, Path testClasses, Path labClasses, int step) {
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(testClassNames(testClasses).stream().map(DiscoverySelectors::selectClass).toList());
        orderAsSurefire(request, System.getProperty("watch.runOrder", "alphabetical"));
        if (step > 0) {
            request.filters(TagFilter.includeTags("step" + step));
        }
        launcher.execute(request.build(), new BrokenTestReport(labClasses, testClasses));
    }

    /**
     * Surefire's runOrder also orders each class's test methods: it sets Jupiter's default method and class orderers
     * (unless the project configured them), so that the first failing test, which the progress box shows, is the same.
     */
    private static void orderAsSurefire(LauncherDiscoveryRequestBuilder request, String runOrder) {
        var orderers = switch (runOrder) {
            case "alphabetical" -> List.of("org.junit.jupiter.api.MethodOrderer$MethodName",
                    "org.junit.jupiter.api.ClassOrderer$ClassName");
            case "random" -> List.of("org.junit.jupiter.api.MethodOrderer$Random",
                    "org.junit.jupiter.api.ClassOrderer$Random");
            default -> List.<String>of();
        };
        if (orderers.isEmpty()) {
            return;
        }
        var configured = LauncherDiscoveryRequestBuilder.request().build().getConfigurationParameters();
        if (configured.get("junit.jupiter.testmethod.order.default").isEmpty()) {
            request.configurationParameter("junit.jupiter.testmethod.order.default", orderers.get(0));
        }
        if (configured.get("junit.jupiter.testclass.order.default").isEmpty()) {
            request.configurationParameter("junit.jupiter.testclass.order.default", orderers.get(1));
        }
    }

    static List<String> testClassNames(Path testClasses) {
        if (!Files.isDirectory(testClasses)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(testClasses)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".class"))
                    .map(file -> testClasses.relativize(file).toString())
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace(File.separatorChar, '.'))
                    .filter(name -> !name.contains("$"))
                    .filter(name -> SUREFIRE_INCLUDES.matcher(name.substring(name.lastIndexOf('.') + 1)).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
