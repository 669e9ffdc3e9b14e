package dev.streaminglabs.testkit.progress;

import java.util.ArrayList;
import java.util.List;

/** How one step of a lab fared in a test run: its tests, and the worst thing that happened to them. */
final class StepResult {

    enum Status { DONE, NOT_DONE, BROKEN, NOT_RUN }

    /** One test of the step. {@code message} is empty for a passing test. */
    record TestOutcome(String name, Status status, String message) {
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

    TestOutcome firstBroken() {
        return tests.stream().filter(test -> test.status() == Status.BROKEN).findFirst().orElse(null);
    }

    long passed() {
        return tests.stream().filter(test -> test.status() == Status.DONE).count();
    }
}
