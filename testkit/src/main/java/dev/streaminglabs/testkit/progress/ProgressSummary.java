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
import java.util.stream.Collectors;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
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
 *   [x] Step 1 — split a line into words              done: 7/7 tests pass
 *   [!] Step 2 — count the words of each batch        broken: batch at 2 s: count of 'spark' expected 3 but was 1
 *   [ ] Step 3 — keep the top words of each batch     not done yet
 * Next: Step 2 — count the words of each batch
 *   read lab-01-socket/README.md#step-2 · run only this step: ./mvnw test -pl lab-01-socket -am -Dgroups=step2
 * </pre>
 *
 * Steps are found from the test classes' display names, {@code @DisplayName("Step 2 — count the words of each
 * batch")}, among the lab's test classes ({@link LabSteps}) — so a run of one step ({@code -Dgroups=step2}) still
 * lists the others, as not run this time. A test that fails with {@link NotDoneYet} counts as "not done"; any other
 * failure as "broken", with the clearest of the step's failure messages. The JUnit Platform finds this listener
 * through {@code META-INF/services}; it also writes one line per test to the file named by the
 * {@code labs.progressFile} system property, which the CI's checks read.
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
        if (test.isTest()) {
            stepOf(test).ifPresent(step -> step.tests.add(outcome(test, result)));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (steps.isEmpty()) {
            return;
        }
        writeProgressFile();
        var ran = Map.copyOf(steps);
        LabSteps.inTestClasses().forEach((number, title) ->
                steps.computeIfAbsent(number, n -> new StepResult(n, title)));
        print(System.out, labFolder(), ran.size() < steps.size());
    }

    private static TestOutcome outcome(TestIdentifier test, TestExecutionResult result) {
        var failure = result.getThrowable().orElse(null);
        return switch (result.getStatus()) {
            case SUCCESSFUL -> new TestOutcome(nameOf(test), Status.DONE, "");
            case ABORTED -> new TestOutcome(nameOf(test), Status.NOT_RUN, Verdicts.oneLine(failure));
            case FAILED -> NotDoneYet.isNotDoneYet(failure)
                    ? new TestOutcome(nameOf(test), Status.NOT_DONE, Verdicts.oneLine(notDoneMessage(failure)))
                    : new TestOutcome(nameOf(test), Status.BROKEN, Verdicts.oneLine(failure),
                            Verdicts.details(failure));
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

    private void print(PrintStream out, String lab, boolean someStepsDidNotRun) {
        var title = LAB_FOLDER.matcher(lab).matches() ? "Lab " + lab.split("-")[1] + " (" + lab + ")" : lab;
        var line = "-".repeat(100);
        var text = new StringBuilder()
                .append('\n').append(line).append('\n')
                .append(title).append(" · your progress")
                .append(someStepsDidNotRun ? " (this run: " + ranSteps() + " only)" : "").append('\n');
        int width = steps.values().stream().mapToInt(step -> label(step).length()).max().orElse(0);
        for (var step : steps.values()) {
            text.append("  ").append(mark(step.status())).append(' ')
                    .append(String.format("%-" + width + "s", label(step))).append("  ").append(state(step))
                    .append('\n');
        }
        text.append(nextAdvice(lab, someStepsDidNotRun));
        text.append(line).append('\n');
        out.print(text);
        out.flush();
    }

    private static String mark(Status status) {
        return switch (status) {
            case DONE -> "[x]";
            case NOT_DONE, NOT_RUN -> "[ ]";
            case BROKEN -> "[!]";
        };
    }

    private static String state(StepResult step) {
        return switch (step.status()) {
            case DONE -> "done: %d/%d tests pass".formatted(step.passed(), step.tests.size());
            case NOT_DONE -> "not done yet";
            case NOT_RUN -> step.tests.isEmpty() ? "not run this time" : "not run";
            case BROKEN -> "broken: " + step.headline().message() + "  (" + step.headline().name()
                    + (step.broken() > 1 ? ", and %d more".formatted(step.broken() - 1) : "") + ")";
        };
    }

    /** What to do next: the first step that is not done — or, after a run of some steps only, the one after them. */
    private String nextAdvice(String lab, boolean someStepsDidNotRun) {
        var ran = steps.values().stream().filter(step -> !step.tests.isEmpty()).toList();
        var firstOpen = ran.stream().filter(step -> step.status() != Status.DONE).findFirst();
        if (firstOpen.isPresent()) {
            return next(lab, firstOpen.get());
        }
        if (!someStepsDidNotRun) {
            return "All steps pass. Well done! Try the lab's \"Check yourself\" questions next.\n";
        }
        int lastRan = ran.get(ran.size() - 1).number;
        var done = "%s done. ".formatted(ran.size() == 1 ? "Step " + lastRan : "Steps " + ranSteps().replace("step ", ""));
        var after = steps.values().stream().filter(step -> step.number > lastRan).findFirst();
        if (after.isEmpty()) {
            return done + "That was the last step: run the whole lab (without -Dgroups) to see every step's state.\n";
        }
        return done + next(lab, after.get());
    }

    private static String next(String lab, StepResult step) {
        var why = step.status() != Status.BROKEN ? ""
                : "Why step %d is broken (%s):%n%s%n".formatted(step.number, step.headline().name(),
                        step.headline().details().lines().map(line -> "  | " + line)
                                .collect(Collectors.joining("\n")));
        return why + "Next: " + label(step) + '\n'
                + "  read " + lab + "/README.md#step-" + step.number
                + "  ·  run only this step: ./mvnw test -pl " + lab + " -am -Dgroups=step" + step.number
                + "  ·  every test's report: " + lab + "/target/surefire-reports/" + '\n';
    }

    private String ranSteps() {
        var ran = steps.values().stream().filter(step -> !step.tests.isEmpty()).map(step -> "step " + step.number)
                .toList();
        return String.join(", ", ran);
    }

    private static String label(StepResult step) {
        return "Step " + step.number + " — " + step.title;
    }

    /** One line per test, tab-separated: step, test, status, message. Read by the CI's checks. */
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
                .filter(MethodSource.class::isInstance)
                .map(MethodSource.class::cast)
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
}
