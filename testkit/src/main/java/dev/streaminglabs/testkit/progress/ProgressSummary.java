package dev.streaminglabs.testkit.progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import dev.streaminglabs.common.NotDoneYet;
import dev.streaminglabs.testkit.progress.StepResult.Status;
import dev.streaminglabs.testkit.progress.StepResult.TestOutcome;

/**
 * Prints, after every test run of a lab, where the student stands: each step done, not done or broken, and what to
 * do next.
 *
 * <pre>
 * Lab 01 · your progress
 *   [x] Step 1 — split a line into words              7/7 tests pass
 *   [!] Step 2 — count the words of each batch        broken: batch at 2 s: count of 'spark' expected 3 but was 1
 *   [ ] Step 3 — keep the top words of each batch     not done yet
 * Next: Step 2 — count the words of each batch
 *   read lab-01-socket/README.md#step-2 · run only this step: ./mvnw test -pl lab-01-socket -am -Dgroups=step2
 * </pre>
 *
 * Steps are found from the test classes' display names, {@code @DisplayName("Step 2 — count the words of each
 * batch")}. A test that fails with {@link NotDoneYet} counts as "not done"; any other failure as "broken", with its
 * message. The JUnit Platform finds this listener through {@code META-INF/services}; it also writes one line per test
 * to the file named by the {@code labs.progressFile} system property, which the CI's skeleton check reads.
 */
public final class ProgressSummary implements TestExecutionListener {

    private static final Pattern STEP = Pattern.compile("Step (\\d+)\\s*[—–-]\\s*(.+)");
    private static final Pattern LAB_FOLDER = Pattern.compile("lab-(\\d+)-[\\w-]+");

    private final Map<Integer, StepResult> steps = new TreeMap<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
        steps.clear();
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            stepOf(test).ifPresent(step -> step.tests.add(new TestOutcome(nameOf(test), Status.NOT_RUN, reason)));
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest()) {
            return;
        }
        stepOf(test).ifPresent(step -> step.tests.add(outcome(test, result)));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (steps.isEmpty()) {
            return;
        }
        var lab = labFolder();
        print(System.out, lab);
        writeProgressFile();
    }

    private static TestOutcome outcome(TestIdentifier test, TestExecutionResult result) {
        var failure = result.getThrowable().orElse(null);
        return switch (result.getStatus()) {
            case SUCCESSFUL -> new TestOutcome(nameOf(test), Status.DONE, "");
            case ABORTED -> new TestOutcome(nameOf(test), Status.NOT_RUN, firstLine(failure));
            case FAILED -> NotDoneYet.isNotDoneYet(failure)
                    ? new TestOutcome(nameOf(test), Status.NOT_DONE, firstLine(notDoneMessage(failure)))
                    : new TestOutcome(nameOf(test), Status.BROKEN, firstLine(failure));
        };
    }

    private Optional<StepResult> stepOf(TestIdentifier test) {
        for (var node = Optional.of(test); node.isPresent(); node = node.flatMap(plan::getParent)) {
            var matcher = STEP.matcher(node.get().getDisplayName());
            if (matcher.matches()) {
                int number = Integer.parseInt(matcher.group(1));
                return Optional.of(steps.computeIfAbsent(number, n -> new StepResult(n, matcher.group(2).trim())));
            }
        }
        return Optional.empty();
    }

    private void print(PrintStream out, String lab) {
        var title = LAB_FOLDER.matcher(lab).matches() ? "Lab " + lab.split("-")[1] + " (" + lab + ")" : lab;
        var line = "-".repeat(100);
        var text = new StringBuilder()
                .append('\n').append(line).append('\n')
                .append(title).append(" · your progress\n");
        int width = steps.values().stream().mapToInt(step -> label(step).length()).max().orElse(0);
        StepResult next = null;
        for (var step : steps.values()) {
            var status = step.status();
            var mark = switch (status) {
                case DONE -> "[x]";
                case NOT_DONE, NOT_RUN -> "[ ]";
                case BROKEN -> "[!]";
            };
            var state = switch (status) {
                case DONE -> "done: %d/%d tests pass".formatted(step.passed(), step.tests.size());
                case NOT_DONE -> "not done yet";
                case NOT_RUN -> "not run";
                case BROKEN -> "broken: " + step.firstBroken().message() + "  (" + step.firstBroken().name() + ")";
            };
            text.append("  ").append(mark).append(' ')
                    .append(String.format("%-" + width + "s", label(step))).append("  ").append(state).append('\n');
            if (next == null && status != Status.DONE) {
                next = step;
            }
        }
        if (next == null) {
            text.append("All steps pass. Well done! Try the lab's \"Check yourself\" questions next.\n");
        } else {
            text.append("Next: ").append(label(next)).append('\n')
                    .append("  read ").append(lab).append("/README.md#step-").append(next.number)
                    .append("  ·  run only this step: ./mvnw test -pl ").append(lab)
                    .append(" -am -Dgroups=step").append(next.number).append('\n');
        }
        text.append(line).append('\n');
        out.print(text);
        out.flush();
    }

    private static String label(StepResult step) {
        return "Step " + step.number + " — " + step.title;
    }

    /** One line per test, tab-separated: step, test, status, message. Read by the CI's skeleton check. */
    private void writeProgressFile() {
        var file = System.getProperty("labs.progressFile");
        if (file == null || file.isBlank()) {
            return;
        }
        var lines = new StringBuilder();
        steps.values().forEach(step -> step.tests.forEach(test -> lines
                .append(step.number).append('\t').append(test.name()).append('\t')
                .append(test.status()).append('\t').append(test.message().replace('\t', ' ')).append('\n')));
        try {
            var path = Path.of(file);
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("could not write the progress file " + file + ": " + e);
        }
    }

    /** The lab's folder: surefire runs the tests in the module's folder. */
    private static String labFolder() {
        var folder = Path.of(System.getProperty("user.dir")).getFileName();
        return folder == null ? "this lab" : folder.toString();
    }

    private static String nameOf(TestIdentifier test) {
        return test.getSource()
                .filter(org.junit.platform.engine.support.descriptor.MethodSource.class::isInstance)
                .map(org.junit.platform.engine.support.descriptor.MethodSource.class::cast)
                .map(source -> simpleName(source.getClassName()) + "." + source.getMethodName())
                .orElse(test.getDisplayName());
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static Throwable notDoneMessage(Throwable failure) {
        var notDone = NotDoneYet.findIn(failure);
        return notDone != null ? notDone : failure;
    }

    private static String firstLine(Throwable failure) {
        if (failure == null) {
            return "";
        }
        var message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (!(failure instanceof AssertionError) && !(failure instanceof NotDoneYet)) {
            message = failure.getClass().getSimpleName() + ": " + message;
        }
        var first = message.strip().lines().findFirst().orElse("");
        return first.length() > 240 ? first.substring(0, 237) + "..." : first;
    }
}
