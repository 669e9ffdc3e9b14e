package dev.streaminglabs.watch.testjvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import dev.streaminglabs.common.NotDoneYet;

/**
 * What Maven's failure report would show of a broken test, shorter: as each test fails for another reason than
 * "not done yet", its whole message (the progress summary shows only its first line) and where it happened, in the
 * lab's code and in the test.
 *
 * <pre>
 *   [!] Step2WordCountTest.countsResetEveryBatch
 *       batch at 2 s: count of 'spark' expected 1 but was 3 ...
 *       at WordCount.java:31 (WordCount.countWords) · test: Step2WordCountTest.java:48
 * </pre>
 */
final class BrokenTestReport implements TestExecutionListener {

    private static final int MAX_LINES = 15;

    private final Path labClasses;
    private final Path testClasses;

    BrokenTestReport(Path labClasses, Path testClasses) {
        this.labClasses = labClasses;
        this.testClasses = testClasses;
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        var failure = result.getThrowable().orElse(null);
        if (result.getStatus() != TestExecutionResult.Status.FAILED || failure == null
                || NotDoneYet.isNotDoneYet(failure)) {
            return;
        }
        var text = new StringBuilder("  [!] ").append(nameOf(test)).append('\n');
        var message = failure.getMessage() == null ? "" : failure.getMessage().strip();
        if (!(failure instanceof AssertionError)) {
            message = failure.getClass().getName() + (message.isEmpty() ? "" : ": " + message);
        }
        var lines = message.lines().toList();
        lines.stream().limit(MAX_LINES).forEach(line -> text.append("      ").append(line).append('\n'));
        if (lines.size() > MAX_LINES) {
            text.append("      (").append(lines.size() - MAX_LINES).append(" more lines)\n");
        }
        var where = new StringBuilder();
        firstFrameIn(failure, labClasses).ifPresent(frame -> where.append("at ").append(frame.getFileName())
                .append(':').append(frame.getLineNumber()).append(" (").append(simpleName(frame.getClassName()))
                .append('.').append(frame.getMethodName()).append(')'));
        firstFrameIn(failure, testClasses).ifPresent(frame -> where.append(where.isEmpty() ? "" : " · ")
                .append("test: ").append(frame.getFileName()).append(':').append(frame.getLineNumber()));
        if (!where.isEmpty()) {
            text.append("      ").append(where).append('\n');
        }
        System.out.print(text);
        System.out.flush();
    }

    /** The first frame of the failure, or of one of its causes, in a class compiled into {@code folder}. */
    private static Optional<StackTraceElement> firstFrameIn(Throwable failure, Path folder) {
        for (var t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (var frame : t.getStackTrace()) {
                var outer = frame.getClassName().replaceFirst("\\$.*", "");
                if (frame.getLineNumber() > 0 && Files.exists(folder.resolve(outer.replace('.', '/') + ".class"))) {
                    return Optional.of(frame);
                }
            }
        }
        return Optional.empty();
    }

    private static String nameOf(TestIdentifier test) {
        var source = test.getSource().orElse(null);
        if (source instanceof MethodSource method) {
            return simpleName(method.getClassName()) + "." + method.getMethodName();
        }
        if (source instanceof ClassSource type) {
            return simpleName(type.getClassName());
        }
        return test.getDisplayName();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replaceFirst("\\$.*", "");
    }
}
