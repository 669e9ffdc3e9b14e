package dev.streaminglabs.testkit.progress;

import java.util.stream.Collectors;

import dev.streaminglabs.common.NotDoneYet;

/** A test's failure in one line of the progress box: what the student reads first. */
final class Verdicts {

    /** Long enough for "expected … but was …" with a few words each side; a dump of 50,000 words is cut. */
    private static final int WIDTH = 300;
    private static final int DETAIL_LINES = 25;
    private static final int DETAIL_WIDTH = 200;

    private Verdicts() {
    }

    /**
     * An assertion's whole message on one line (AssertJ spreads "expected" and "actual" over several lines); for the
     * harness's own failures (a failed batch or query), their first line, which says what happened; any other
     * exception with its class name in front.
     */
    static String oneLine(Throwable failure) {
        if (failure == null) {
            return "";
        }
        var message = failure.getMessage() == null ? "" : failure.getMessage().strip();
        String line;
        if (failure instanceof AssertionError) {
            line = message.lines().map(String::strip).filter(part -> !part.isEmpty())
                    .collect(Collectors.joining(" "));
        } else if (failure instanceof NotDoneYet || isHarnessVerdict(failure)) {
            line = message.lines().map(String::strip).filter(part -> !part.isEmpty()).findFirst().orElse("");
        } else {
            line = failure.getClass().getSimpleName() + (message.isEmpty() ? ""
                    : ": " + message.lines().map(String::strip).filter(part -> !part.isEmpty()).findFirst()
                    .orElse(""));
        }
        line = line.replaceAll("\\s+", " ");
        return line.length() > WIDTH ? line.substring(0, WIDTH - 3) + "..." : line;
    }

    /**
     * The failure's whole message, as the student needs it to fix the step: at most {@value #DETAIL_LINES} lines
     * of at most {@value #DETAIL_WIDTH} characters (a serialization stack fits; a dump of 50,000 words does not).
     */
    static String details(Throwable failure) {
        var message = failure == null || failure.getMessage() == null ? oneLine(failure) : failure.getMessage().strip();
        if (!(failure instanceof AssertionError) && !isHarnessVerdict(failure) && failure != null) {
            message = failure.getClass().getSimpleName() + ": " + message;
        }
        var lines = message.lines().filter(line -> !line.isBlank())
                .map(line -> line.length() > DETAIL_WIDTH ? line.substring(0, DETAIL_WIDTH - 3) + "..." : line)
                .toList();
        return lines.size() <= DETAIL_LINES ? String.join("\n", lines)
                : String.join("\n", lines.subList(0, DETAIL_LINES)) + "\n(" + (lines.size() - DETAIL_LINES)
                        + " more lines in the test's report)";
    }

    /** The test kit's failures already speak the course's words: no class name in front. */
    private static boolean isHarnessVerdict(Throwable failure) {
        return failure.getClass().getName().startsWith("dev.streaminglabs.testkit.");
    }
}
