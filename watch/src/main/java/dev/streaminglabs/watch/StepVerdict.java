package dev.streaminglabs.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one step fared in a run, read from the file the progress summary writes ({@code labs.progressFile}: one line
 * per test, "step, test, status, message"), with the summary's rule: broken wins over not done, which wins over done.
 *
 * @param status  DONE, NOT_DONE, BROKEN or NOT_RUN (the progress summary's words)
 * @param passed  how many of its tests passed
 * @param tests   how many ran
 * @param message the first broken test's message, or empty
 */
record StepVerdict(Status status, int passed, int tests, String message) {

    enum Status { DONE, NOT_DONE, BROKEN, NOT_RUN }

    /** The verdict of each step that had a test in the run. */
    static Map<Integer, StepVerdict> read(Path progressFile) throws IOException {
        Map<Integer, List<String[]>> byStep = new TreeMap<>();
        if (Files.exists(progressFile)) {
            for (var line : Files.readAllLines(progressFile, StandardCharsets.UTF_8)) {
                var fields = line.split("\t", 4);
                if (fields.length >= 3) {
                    byStep.computeIfAbsent(Integer.parseInt(fields[0]), n -> new ArrayList<>()).add(fields);
                }
            }
        }
        Map<Integer, StepVerdict> verdicts = new TreeMap<>();
        byStep.forEach((step, tests) -> verdicts.put(step, of(tests)));
        return verdicts;
    }

    private static StepVerdict of(List<String[]> tests) {
        int passed = (int) tests.stream().filter(test -> test[2].equals("DONE")).count();
        var broken = tests.stream().filter(test -> test[2].equals("BROKEN")).findFirst();
        Status status;
        if (broken.isPresent()) {
            status = Status.BROKEN;
        } else if (tests.stream().anyMatch(test -> test[2].equals("NOT_DONE"))) {
            status = Status.NOT_DONE;
        } else if (tests.stream().allMatch(test -> test[2].equals("NOT_RUN"))) {
            status = Status.NOT_RUN;
        } else {
            status = Status.DONE;
        }
        var message = broken.map(test -> test.length > 3 ? test[3] : "").orElse("");
        return new StepVerdict(status, passed, tests.size(), message);
    }

    /** The words of the progress box: "done: 7/7 tests pass", "not done yet", "broken: ...". */
    String words() {
        return switch (status) {
            case DONE -> "done: %d/%d tests pass".formatted(passed, tests);
            case NOT_DONE -> "not done yet";
            case BROKEN -> "broken";
            case NOT_RUN -> "not run";
        };
    }
}
