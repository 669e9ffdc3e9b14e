package dev.streaminglabs.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabStepsTest {

    @TempDir
    Path lab;

    @Test
    void findsTitlesHintsFilesAndTestsOfEachStep() throws IOException {
        write("README.md", """
                # Lab 09 · something
                ## Before you start
                <details><summary>Not a hint</summary>ignored</details>
                ## Step 1 — split a line into words
                <details><summary>Hint 1</summary>

                gentle
                </details>
                <details><summary>Hint 2 (almost the answer)</summary>
                ```java
                answer();
                ```
                </details>
                ## Step 2 - count them
                No hint here.
                ## Run it for real
                <details><summary>Hint 9</summary>not a step's</details>
                """);
        write("src/main/java/x/Tokenizer.java", "// TODO Step 1: split\nthrow new NotDoneYet(\"lab-09-x\", 1, \"split\");");
        write("src/main/java/x/Counts.java", "throw new NotDoneYet(\"lab-09-x\", 2, \"count\");");
        write("src/test/java/x/Step1Test.java", "@Tag(\"step1\")\n@DisplayName(\"Step 1 — split a line into words\")");
        write("src/test/java/x/Step3Test.java", "@Tag(\"step3\")\n@DisplayName(\"Step 3 — only in a test\")\nQueryRun");

        var steps = LabSteps.of(WatchOptions.parse("--lab=" + lab));

        assertThat(steps.all()).extracting(Step::number).containsExactly(1, 2, 3);
        var first = steps.get(1).orElseThrow();
        assertThat(first.title()).isEqualTo("split a line into words");
        assertThat(first.hints()).extracting(Step.Hint::summary).containsExactly("Hint 1", "Hint 2 (almost the answer)");
        assertThat(first.hints().get(0).text()).isEqualTo("gentle");
        assertThat(first.files()).containsExactly(Path.of("x", "Tokenizer.java"));
        assertThat(first.hasTests()).isTrue();
        assertThat(steps.get(2).orElseThrow().title()).isEqualTo("count them");
        assertThat(steps.get(2).orElseThrow().hints()).isEmpty();
        assertThat(steps.get(2).orElseThrow().hasTests()).isFalse();
        assertThat(steps.get(3).orElseThrow().title()).as("from the test's display name").isEqualTo("only in a test");
        assertThat(steps.warmUps()).containsExactly("structured");
        assertThat(steps.move(1, -1)).isEqualTo(1);
        assertThat(steps.move(2, 1)).isEqualTo(3);
        assertThat(steps.move(3, 1)).isEqualTo(3);
    }

    private void write(String file, String text) throws IOException {
        var path = lab.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}
