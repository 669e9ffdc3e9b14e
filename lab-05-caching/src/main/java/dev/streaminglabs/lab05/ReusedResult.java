package dev.streaminglabs.lab05;

import java.io.Serializable;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 1b — reuse a result with a cache, then free it.
 *
 * <p>An RDD is a recipe, not data: every action runs the whole lineage again, from the source. Two actions on the
 * same RDD parse the same lines twice — unless the RDD is persisted, in which case the first action fills the cache
 * and the second reads it. {@code unpersist} frees the cache as soon as the result is no longer needed, instead of
 * waiting for the application to end.
 */
public final class ReusedResult {

    private ReusedResult() {
    }

    /** One parsed access-log line: {@code "<user> <status>"}, for example {@code "alice 200"}. */
    public record Access(String user, int status) implements Serializable {

        public boolean isError() {
            return status >= 500;
        }

        /** Parses a line; a line that is not "user status" counts as an error of an unknown user (status 0 → 599). */
        static Access parse(String line) {
            var parts = line.trim().split("\\s+");
            if (parts.length != 2 || !parts[1].matches("\\d{3}")) {
                return new Access("?", 599);
            }
            return new Access(parts[0], Integer.parseInt(parts[1]));
        }
    }

    /** The answers to the two questions asked of the same parsed log. */
    public record Summary(long errors, long distinctUsers) {
    }

    /**
     * Parses the lines: an expensive step in real life (regular expressions, JSON…). {@code parsedLines} counts every
     * line parsed — on the executors, each time the lineage runs — so a test can see how often the work was done.
     */
    public static JavaRDD<Access> parse(JavaRDD<String> lines, LongAccumulator parsedLines) {
        return lines.map(line -> {
            parsedLines.add(1);
            return Access.parse(line);
        });
    }

    /**
     * Answers two questions about the same log — how many server errors, how many distinct users — keeping the parsed
     * lines at {@code level} between the two actions ({@link StorageLevel#NONE()}: keep nothing), and freeing them
     * before returning.
     */
    public static Summary summarize(JavaRDD<String> lines, StorageLevel level, LongAccumulator parsedLines) {
        var accesses = parse(lines, parsedLines);
        // TODO Step 1: persist at the level, run both actions (errors, distinct users), unpersist even on failure.
        throw new NotDoneYet("lab-05-caching", 1, "reuse a result through a cache");
    }
}
