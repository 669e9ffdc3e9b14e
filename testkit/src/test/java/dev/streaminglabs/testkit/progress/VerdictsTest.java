package dev.streaminglabs.testkit.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import dev.streaminglabs.testkit.progress.StepResult.Status;
import dev.streaminglabs.testkit.progress.StepResult.TestOutcome;

class VerdictsTest {

    @Test
    void anAssertionSpreadOverLinesReadsAsOneLine() {
        var assertJ = new AssertionError("[lines of the batch at 1 s] \nExpecting actual:\n  [\"to\", \"be\"]\n"
                + "to contain exactly:\n  [\"be\"]\n");

        assertThat(Verdicts.oneLine(assertJ))
                .isEqualTo("[lines of the batch at 1 s] Expecting actual: [\"to\", \"be\"] to contain exactly: [\"be\"]");
    }

    @Test
    void anyOtherExceptionKeepsItsNameAndFirstLine() {
        assertThat(Verdicts.oneLine(new IllegalStateException("no such table\n  at line 2")))
                .isEqualTo("IllegalStateException: no such table");
    }

    @Test
    void aHugeMessageIsCutInTheBoxAndInTheDetails() {
        var huge = new AssertionFailedError("a line of 50,000 words: " + "stream ".repeat(50_000));

        assertThat(Verdicts.oneLine(huge)).hasSize(300).endsWith("...");
        assertThat(Verdicts.details(huge).lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(200));
    }

    @Test
    void theHeadlineIsTheFailureThatSaysMostInFewestWords() {
        var step = new StepResult(1, "split a line into words");
        step.tests.add(new TestOutcome("veryLongLine", Status.BROKEN, "x".repeat(290)));
        step.tests.add(new TestOutcome("punctuationIsNotPartOfAWord", Status.BROKEN,
                "punctuation separates words: expected [to, be] but was [to, be,]"));
        step.tests.add(new TestOutcome("blankLineHasNoWords", Status.DONE, ""));

        assertThat(step.status()).isEqualTo(Status.BROKEN);
        assertThat(step.headline().name()).isEqualTo("punctuationIsNotPartOfAWord");
        assertThat(step.broken()).isEqualTo(2);
    }

    @Test
    void aStepIsDoneOnlyWhenNoTestIsBrokenOrNotDone() {
        var step = new StepResult(2, "count the words");
        step.tests.add(new TestOutcome("a", Status.DONE, ""));
        step.tests.add(new TestOutcome("b", Status.NOT_DONE, "not done yet"));

        assertThat(step.status()).isEqualTo(Status.NOT_DONE);
    }
}
