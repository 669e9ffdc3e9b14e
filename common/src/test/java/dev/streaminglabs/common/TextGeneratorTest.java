package dev.streaminglabs.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextGeneratorTest {

    @Test
    void theSameSeedGivesTheSameText() {
        assertThat(new TextGenerator(7).sentences(20)).isEqualTo(new TextGenerator(7).sentences(20));
        assertThat(new TextGenerator(7).sentences(20)).isNotEqualTo(new TextGenerator(8).sentences(20));
    }

    @Test
    void logLinesHaveATimeALevelAndARequest() {
        var line = new TextGenerator(1).logLine();
        assertThat(line).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO |WARN |ERROR|DEBUG) "
                + "\\[worker-\\d] \\w+ /\\S+ \\d{3} \\d+ ms");
    }
}
