package dev.streaminglabs.testkit;

import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What went wrong inside Spark, told in the course's words: the innermost cause under Spark's wrappers ("Job aborted
 * due to stage failure", "Query terminated with exception"), in full — a serialization stack included — and, for the
 * causes students meet most, one line on what to do.
 *
 * <pre>{@code
 * throw new StreamingBatchFailed("batch at 2 s failed: " + SparkFailure.explain(error), error);
 * }</pre>
 */
public final class SparkFailure {

    private SparkFailure() {
    }

    /** The deepest cause of {@code failure}: what really went wrong. */
    public static Throwable rootOf(Throwable failure) {
        var root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * The innermost cause, as {@code ClassName: message} with every line of its message, then a hint when the cause
     * is one the course explains; when Spark's wrapper said more than the cause (a job that aborted, a query that
     * stopped), its first line comes last, as context.
     */
    public static String explain(Throwable failure) {
        var root = rootOf(failure);
        var text = new StringBuilder(headline(failure, root));
        hintFor(failure, root).ifPresent(hint -> text.append("\n").append(wrap(hint)));
        if (root != failure && failure.getMessage() != null) {
            var outer = firstLine(failure.getMessage());
            var rootMessage = String.valueOf(root.getMessage()).strip().lines().findFirst().orElse("");
            if (!outer.isBlank() && !text.toString().contains(outer) && !outer.contains(rootMessage)) {
                text.append("\n(Spark reported: ").append(outer).append(")");
            }
        }
        return text.toString();
    }

    /**
     * The cause in one line, first; its whole message after. A serialization failure starts with what could not be
     * serialized, named as the student wrote it ("a lambda in TopWords"), not as the JVM names it.
     */
    private static String headline(Throwable failure, Throwable root) {
        if (!isSerializationFailure(failure, root)) {
            return describe(root);
        }
        var culprit = firstLine(String.valueOf(root.getMessage()));
        var lambda = Pattern.compile("([\\w.$]+?)\\$\\$Lambda.*").matcher(culprit);
        var named = lambda.matches() ? "a lambda in " + simpleName(lambda.group(1)) : simpleName(culprit);
        return "Task not serializable: %s cannot be sent to the executors.\n%s".formatted(named, describe(root));
    }

    private static boolean isSerializationFailure(Throwable failure, Throwable root) {
        return root instanceof NotSerializableException || chainOf(failure).stream()
                .anyMatch(t -> String.valueOf(t.getMessage()).startsWith("Task not serializable"));
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** {@code ClassName: message}, the message whole: a serialization stack is in it. */
    static String describe(Throwable cause) {
        var message = cause.getMessage() == null ? "" : cause.getMessage().strip();
        return cause.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    private static Optional<String> hintFor(Throwable failure, Throwable root) {
        if (isSerializationFailure(failure, root)) {
            return Optional.of("""
                    A function given to Spark runs on the executors, so it travels there with \
                    everything it captured, and one of those things cannot be serialized. The serialization stack \
                    above names it ("object not serializable (class: …)") and how the function reached it. A lambda \
                    implementing a plain interface (a Comparator, say) is not serializable: use a named class that \
                    implements Serializable too; create connections, clients and writers inside the function, not \
                    outside it.""");
        }
        var message = String.valueOf(root.getMessage());
        if (message.contains("primary key violation") || message.contains("Unique index or primary key")
                || root.getClass().getSimpleName().contains("IntegrityConstraintViolation")) {
            return Optional.of("""
                    The sink inserted a key that is already in the table: a stream sends the same key again (a \
                    new count for it, or the same trigger replayed after a failure), so the sink must update the row \
                    that is there (MERGE, an upsert), not insert a second one.""");
        }
        return Optional.empty();
    }

    private static List<Throwable> chainOf(Throwable failure) {
        var chain = new ArrayList<Throwable>();
        for (var t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** A paragraph in lines of at most 110 characters: it is read in a terminal. */
    private static String wrap(String paragraph) {
        var lines = new StringBuilder();
        var line = new StringBuilder();
        for (var word : paragraph.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > 110) {
                lines.append(line).append('\n');
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        return lines.append(line).toString();
    }

    static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("");
    }
}
