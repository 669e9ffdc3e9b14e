package dev.streaminglabs.common;

/**
 * Thrown by every hole of an exercise skeleton: "this step is yours to write".
 *
 * <p>The message names the lab, the step and where to read, for example
 * {@code Lab 01 · Step 2 — count the words of each batch — see lab-01-socket/README.md#step-2}.
 * The progress summary printed after each test run recognises it and shows the step as "not done"
 * rather than "broken".
 *
 * <pre>{@code
 * static JavaPairDStream<String, Long> countWords(JavaDStream<String> lines) {
 *     throw new NotDoneYet("lab-01-socket", 2, "count the words of each batch");
 * }
 * }</pre>
 */
public final class NotDoneYet extends RuntimeException {

    /** Recognisable in any stack trace or log line, even after Spark has wrapped the exception. */
    public static final String MARKER = "not done yet";

    private final String lab;
    private final int step;

    /**
     * @param lab  the lab's folder, e.g. {@code "lab-01-socket"}
     * @param step the step number in the lab's README
     * @param what what the step asks for, in a few words
     */
    public NotDoneYet(String lab, int step, String what) {
        super("%s · Step %d — %s — %s: see %s/README.md#step-%d"
                .formatted(labTitle(lab), step, what, MARKER, lab, step));
        this.lab = lab;
        this.step = step;
    }

    public String lab() {
        return lab;
    }

    public int step() {
        return step;
    }

    /** {@code "lab-01-socket"} becomes {@code "Lab 01"}. */
    static String labTitle(String lab) {
        var parts = lab.split("-");
        return parts.length >= 2 ? "Lab " + parts[1] : lab;
    }

    /** The {@code NotDoneYet} at the root of a failure, however deeply Spark wrapped it; {@code null} if none. */
    public static NotDoneYet findIn(Throwable failure) {
        for (var t = failure; t != null; t = t.getCause()) {
            if (t instanceof NotDoneYet notDone) {
                return notDone;
            }
            for (var suppressed : t.getSuppressed()) {
                var found = findIn(suppressed);
                if (found != null) {
                    return found;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** True when the failure comes from a skeleton's hole, even if only its message survived the trip. */
    public static boolean isNotDoneYet(Throwable failure) {
        if (findIn(failure) != null) {
            return true;
        }
        for (var t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(MARKER + ": see ")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
