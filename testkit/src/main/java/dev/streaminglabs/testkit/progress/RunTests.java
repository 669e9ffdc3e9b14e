package dev.streaminglabs.testkit.progress;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs test classes without a build tool, as the CI's wrong-answers check does for each of its patches: the JUnit
 * Platform with the listeners every test run has (the progress summary), and every failure's whole message — its
 * causes' too — written to the file named by {@code labs.failuresFile}, one failure per block.
 *
 * <pre>
 * java -cp ... dev.streaminglabs.testkit.progress.RunTests dev.streaminglabs.lab01.Step1TokenizerTest
 * </pre>
 *
 * The exit code is 0 when every test passed, 1 otherwise.
 */
public final class RunTests {

    private RunTests() {
    }

    public static void main(String[] classNames) throws IOException {
        var failures = new ArrayList<String>();
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(classNames).map(name -> selectClass(name)).toList())
                .build();
        var launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest() && result.getStatus() == TestExecutionResult.Status.FAILED) {
                    failures.add(test.getLegacyReportingName() + "\n" + messages(result.getThrowable().orElse(null)));
                }
            }
        });
        var file = System.getProperty("labs.failuresFile", "");
        if (!file.isBlank()) {
            Files.writeString(Path.of(file), String.join("\n\u001e\n", failures), StandardCharsets.UTF_8);
        }
        System.exit(failures.isEmpty() ? 0 : 1);
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
