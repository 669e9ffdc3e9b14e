package dev.streaminglabs.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepVerdictTest {

    @Test
    void brokenWinsOverNotDoneWhichWinsOverDone(@TempDir Path folder) throws IOException {
        var file = Files.writeString(folder.resolve("run.tsv"), """
                1\tT.a\tDONE\t
                1\tT.b\tDONE\t
                2\tU.a\tDONE\t
                2\tU.b\tNOT_DONE\tLab 01 · Step 2 — not done yet
                3\tV.a\tNOT_DONE\tLab 01 · Step 3 — not done yet
                3\tV.b\tBROKEN\tbatch at 2 s: count of 'spark' expected 3 but was 1
                """);

        var verdicts = StepVerdict.read(file);

        assertThat(verdicts.get(1).status()).isEqualTo(StepVerdict.Status.DONE);
        assertThat(verdicts.get(1).words()).isEqualTo("done: 2/2 tests pass");
        assertThat(verdicts.get(2).status()).isEqualTo(StepVerdict.Status.NOT_DONE);
        assertThat(verdicts.get(3).status()).isEqualTo(StepVerdict.Status.BROKEN);
        assertThat(verdicts.get(3).message()).contains("expected 3 but was 1");
    }

    @Test
    void noFileNoVerdict(@TempDir Path folder) throws IOException {
        assertThat(StepVerdict.read(folder.resolve("absent.tsv"))).isEmpty();
    }
}
