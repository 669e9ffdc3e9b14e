package dev.streaminglabs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    private static final DemoOptions OPTIONS = DemoOptions.of("demo", "a demo")
            .batches(10, "0: until Ctrl-C")
            .batchMs(2000)
            .text("host", "H", "127.0.0.1", "the server's address")
            .number("port", "P", 0, 0, 65_535, "the server's port")
            .flag("timeline", "draw the run");

    @Test
    void defaultsApplyAndGivenValuesWin() {
        var values = OPTIONS.parse("--port", "9999", "--timeline");

        assertThat(values.number("batches")).isEqualTo(10);
        assertThat(values.number("port")).isEqualTo(9999);
        assertThat(values.text("host")).isEqualTo("127.0.0.1");
        assertThat(values.flag("timeline")).isTrue();
        assertThat(values.flag("ui")).isFalse();
        assertThat(values.given("port")).isTrue();
        assertThat(values.given("batches")).isFalse();
    }

    @Test
    void theLastOfTwoValuesWinsSoThatAShorthandCanBeOverridden() {
        assertThat(OPTIONS.parse("--batches", "0", "--batches", "5").number("batches")).isEqualTo(5);
    }

    @Test
    void aBatchIntervalOfZeroIsRefusedWithItsRange() {
        assertThatThrownBy(() -> OPTIONS.parse("--batch-ms", "0"))
                .isInstanceOf(DemoOptions.BadOption.class)
                .hasMessage("--batch-ms takes a whole number from 1 to 60000, not 0");
    }

    @Test
    void aNegativeNumberOfBatchesIsRefused() {
        assertThatThrownBy(() -> OPTIONS.parse("--batches", "-1"))
                .hasMessage("--batches takes a whole number from 0 to 10000, not -1");
    }

    @Test
    void aWordWhereANumberIsExpectedIsRefused() {
        assertThatThrownBy(() -> OPTIONS.parse("--batches", "three"))
                .hasMessage("--batches takes a whole number from 0 to 10000, not 'three'");
    }

    @Test
    void zeroBatchesIsRefusedWhenTheDemoCannotRunUntilCtrlC() {
        var finite = DemoOptions.of("demo", "a demo").batches(5, null);

        assertThatThrownBy(() -> finite.parse("--batches", "0"))
                .hasMessage("--batches takes a whole number from 1 to 10000, not 0");
    }

    @Test
    void aTypoIsNamedWithTheOptionItProbablyMeant() {
        assertThatThrownBy(() -> OPTIONS.parse("--prot", "9999"))
                .hasMessageStartingWith("unknown option --prot (did you mean --port?)")
                .hasMessageContaining("--batches N, --batch-ms MS, --host H, --port P, --timeline, --ui");
    }

    @Test
    void anOptionWithoutItsValueIsRefused() {
        assertThatThrownBy(() -> OPTIONS.parse("--port")).hasMessage("--port needs a value: --port P");
    }

    @Test
    void aFlagTakesNoValue() {
        assertThatThrownBy(() -> OPTIONS.parse("--ui", "yes")).hasMessage("--ui takes no value, got 'yes'");
    }

    @Test
    void aWordThatIsNoOptionIsRefused() {
        assertThatThrownBy(() -> OPTIONS.parse("9999")).hasMessageContaining("got '9999'");
    }

    @Test
    void readingAnUndeclaredOptionIsAProgrammingError() {
        var values = OPTIONS.parse();

        assertThatThrownBy(() -> values.number("rate")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--rate");
    }

    @Test
    void theUsageListsEveryOptionWithItsDefaultAndRange() {
        assertThat(OPTIONS.usage("  ").lines())
                .containsExactly(
                        "  --batches N    batches to run, then stop; 0: until Ctrl-C (default 10; 0 to 10000)",
                        "  --batch-ms MS  the batch interval, in milliseconds (default 2000; 1 to 60000)",
                        "  --host H       the server's address (default 127.0.0.1)",
                        "  --port P       the server's port (default 0; 0 to 65535)",
                        "  --timeline     draw the run",
                        "  --ui           turn the Spark UI on, on a free port; the demo prints its address");
    }

    @Test
    void aCommandHasNoUiOption() {
        assertThat(DemoOptions.command("lines", "a line server").options()).isEmpty();
    }
}
