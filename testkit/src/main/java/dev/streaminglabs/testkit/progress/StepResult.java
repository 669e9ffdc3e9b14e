package dev.streaminglabs.testkit.progress;

import java.util.ArrayList;
import java.util.List;

/** How one step of a lab fared in a test run: its tests, and the worst thing that happened to them. */
final class StepResult {

    enum Status { DONE, NOT_DONE, BROKEN, NOT_RUN }

    /**
     * One test of the step. {@code message} is one line, empty for a passing test; {@code details} the failure's
     * whole message, for the one failure the progress box explains.
     */
    record TestOutcome(String name, Status status, String message, String details) {
        TestOutcome(String name, Status status, String message) {
            this(name, status, message, message);
        }
    }

    final int number;
    final String title;
    final List<TestOutcome> tests = new ArrayList<>();

    StepResult(int number, String title) {
        this.number = number;
        this.title = title;
    }

    /** Broken wins over not done, which wins over done: one broken test is what the student must look at. */
    Status status() {
        if (tests.isEmpty()) {
            return Status.NOT_RUN;
        }
        if (tests.stream().anyMatch(test -> test.status() == Status.BROKEN)) {
            return Status.BROKEN;
        }
        if (tests.stream().anyMatch(test -> test.status() == Status.NOT_DONE)) {
            return Status.NOT_DONE;
        }
        if (tests.stream().allMatch(test -> test.status() == Status.NOT_RUN)) {
            return Status.NOT_RUN;
        }
        return Status.DONE;
    }

    /**
     * The broken test whose message says most in fewest words: a failure of 50,000 listed words is not the one to
     * read first. Ties go to the first test.
     */
    TestOutcome headline() {
        return tests.stream().filter(test -> test.status() == Status.BROKEN)
                .min(java.util.Comparator.comparingInt(test -> test.message().isBlank()
                        ? Integer.MAX_VALUE : Math.max(test.message().length(), 40)))
                .orElse(null);
    }

    long broken() {
        return tests.stream().filter(test -> test.status() == Status.BROKEN).count();
    }

    long passed() {
        return tests.stream().filter(test -> test.status() == Status.DONE).count();
    }
}
