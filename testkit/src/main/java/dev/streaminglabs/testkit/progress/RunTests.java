package dev.streaminglabs.testkit.progress;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherExecutionRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Runs test classes without a build tool, as the CI's wrong-answers check does for each of its patches: the JUnit
 * Platform with the listeners every test run has (the progress summary), and every failure's whole message — its
 * causes' too — written to the file named by {@code labs.failuresFile}, one failure per block.
 *
 * <pre>
 * java -cp ... dev.streaminglabs.testkit.progress.RunTests dev.streaminglabs.lab01.Step1TokenizerTest
 * </pre>
 *
 * With {@code -Dlabs.stopAt=WORDS} the run stops at the first test that fails (other than "not done yet") with those
 * words in its message or its causes': the wrong-answers check needs one such failure, not all of them; the tests not
 * run are reported as skipped. The exit code is 0 when every test passed, 2 when the run stopped there, 1 otherwise.
 * The warm worker of the wrong-answers check ({@code warm.PatchWorker}) runs its patches through {@link #run}.
 */
public final class RunTests {

    /** Every test passed. */
    public static final int PASSED = 0;
    /** Some test failed. */
    public static final int FAILED = 1;
    /** A test failed with the words asked for, and the run stopped there. */
    public static final int STOPPED_AT_WORDS = 2;

    private RunTests() {
    }

    public static void main(String[] classNames) throws IOException {
        var selectors = Arrays.stream(classNames).map(name -> selectClass(name)).toList();
        var failuresFile = System.getProperty("labs.failuresFile", "");
        System.exit(run(selectors, System.getProperty("labs.stopAt", ""),
                failuresFile.isBlank() ? null : Path.of(failuresFile)));
    }

    /**
     * Runs the selected classes with the thread's context class loader, writes the failures to {@code failuresFile}
     * (if not null) and returns the exit code: {@link #PASSED}, {@link #FAILED} or {@link #STOPPED_AT_WORDS}.
     * {@code stopAt} empty: every test runs.
     */
    public static int run(List<ClassSelector> selectors, String stopAt, Path failuresFile) throws IOException {
        var failures = new ArrayList<String>();
        var cancel = CancellationToken.create();
        var stopped = new AtomicBoolean();
        var request = LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
        LauncherFactory.create().execute(LauncherExecutionRequestBuilder.request(request)
                .cancellationToken(cancel)
                .listeners(new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        if (test.isTest() && result.getStatus() == TestExecutionResult.Status.FAILED) {
                            var failure = result.getThrowable().orElse(null);
                            var text = messages(failure);
                            failures.add(test.getLegacyReportingName() + "\n" + text);
                            if (!stopAt.isEmpty() && text.contains(stopAt) && !NotDoneYet.isNotDoneYet(failure)
                                    && !stopped.getAndSet(true)) {
                                cancel.cancel();
                            }
                        }
                    }
                })
                .build());
        if (failuresFile != null) {
            Files.writeString(failuresFile, String.join("\n\u001e\n", failures), StandardCharsets.UTF_8);
        }
        return stopped.get() ? STOPPED_AT_WORDS : failures.isEmpty() ? PASSED : FAILED;
    }

    /** The failure's message and its causes' messages, outermost first. */
    private static String messages(Throwable failure) {
        var parts = new ArrayList<String>();
        for (var t = failure; t != null && parts.size() < 10; t = t.getCause() == t ? null : t.getCause()) {
            parts.add(t.getClass().getName() + ": " + t.getMessage());
        }
        return String.join("\n", parts);
    }
}
