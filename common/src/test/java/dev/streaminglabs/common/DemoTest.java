package dev.streaminglabs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What a demo says, and the exit code it ends with, for each way it can end; no Spark is started here. */
class DemoTest {

    private static final DemoOptions OPTIONS = DemoOptions.of("demo", "a demo").batches(3, null).batchMs(1000);

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private int run(Demo.Body body, String... args) {
        return Demo.execute(OPTIONS, args, body, out, StopSignal.manual(out));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aWrongOptionIsOneLineAndExitCode2AndNothingRuns() {
        var ran = new boolean[1];

        int exit = run(demo -> ran[0] = true, "--batch-ms", "0");

        assertThat(exit).isEqualTo(Demo.BAD_OPTION);
        assertThat(ran[0]).as("the demo's body").isFalse();
        assertThat(printed().lines()).containsExactly(
                "demo: --batch-ms takes a whole number from 1 to 60000, not 0 (--help lists the options)");
    }

    @Test
    void helpListsTheOptionsAndRunsNothing() {
        int exit = run(demo -> { throw new AssertionError("ran"); }, "--help");

        assertThat(exit).isZero();
        assertThat(printed()).startsWith("demo: a demo").contains("--batch-ms MS");
    }

    @Test
    void theOptionsReachTheBody() {
        int exit = run(demo -> demo.say("%d batches of %d ms", demo.batches(), demo.batchMs()), "--batches", "5");

        assertThat(exit).isZero();
        assertThat(printed()).isEqualTo("5 batches of 1000 ms" + System.lineSeparator());
    }

    @Test
    void aSourceThatIsNotThereIsExitCode3WithItsMessage() {
        int exit = run(demo -> { throw new SourceUnavailable("nothing listens on 127.0.0.1:9999"); });

        assertThat(exit).isEqualTo(Demo.SOURCE_UNAVAILABLE);
        assertThat(printed().lines()).containsExactly("demo: nothing listens on 127.0.0.1:9999");
    }

    @Test
    void aStepNotDoneYetIsNamedWithoutAStackTrace() {
        int exit = run(demo -> { throw new RuntimeException("wrapped", new NotDoneYet("lab-01-socket", 5, "x")); });

        assertThat(exit).isEqualTo(Demo.FAILED);
        assertThat(printed().lines()).singleElement().asString()
                .startsWith("demo: the app reached a step that is not done yet: Lab 01 · Step 5 — x");
    }

    @Test
    void aFailureShowsItsRootCauseFirst() {
        int exit = run(demo -> { throw new IllegalStateException("outer", new ArithmeticException("/ by zero")); });

        assertThat(exit).isEqualTo(Demo.FAILED);
        assertThat(printed()).startsWith("demo failed: java.lang.ArithmeticException: / by zero");
    }

    @Test
    void aStopRequestRunsTheStopActionsInOrderOnTheirOwnThread() throws Exception {
        var stop = StopSignal.manual(out);
        var order = new StringBuffer();
        var done = new java.util.concurrent.CountDownLatch(1);
        stop.onRequest(() -> order.append("source "));
        stop.onRequest(() -> order.append("receivers ").append(Thread.currentThread().getName()));
        stop.onRequest(done::countDown);

        stop.request("Ctrl-C");

        assertThat(done.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(order).hasToString("source receivers demo-stop");
        assertThat(stop.reason()).isEqualTo("Ctrl-C");
        assertThat(printed()).contains("Stopping (Ctrl-C)");
    }
}
