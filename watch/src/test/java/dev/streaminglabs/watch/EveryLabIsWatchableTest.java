package dev.streaminglabs.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Watch mode knows no lab by name: it reads each lab's README, tests and skeleton. Every lab of the repository (the
 * ones to come included) must give it what it needs: its steps with a title, a hint, a file to edit and tests.
 */
class EveryLabIsWatchableTest {

    @TestFactory
    Stream<DynamicTest> everyStepHasATitleHintsAFileAndTests() throws IOException {
        List<Path> labs;
        try (var folders = Files.list(Path.of("..").toAbsolutePath().normalize())) {
            labs = folders.filter(folder -> folder.getFileName().toString().matches("lab-\\d+-.+"))
                    .filter(folder -> Files.isDirectory(folder.resolve("src/test/java")))
                    .sorted().toList();
        }
        assertThat(labs).as("the labs of the repository").isNotEmpty();
        return labs.stream().map(lab -> DynamicTest.dynamicTest(lab.getFileName().toString(), () -> {
            var steps = LabSteps.of(WatchOptions.parse("--lab=" + lab));
            assertThat(steps.all()).as("the steps of " + lab.getFileName()).isNotEmpty();
            for (var step : steps.all()) {
                var what = lab.getFileName() + " " + step.label();
                assertThat(step.title()).as(what + ": its title (README \"## Step N — ...\")").isNotEqualTo("(no title)");
                assertThat(step.hasTests()).as(what + ": a test class tagged step" + step.number()).isTrue();
                assertThat(step.hints()).as(what + ": its folded hints").isNotEmpty();
                assertThat(step.files()).as(what + ": the skeleton's files with its TODO").isNotEmpty();
            }
        }));
    }
}
