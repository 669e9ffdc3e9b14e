package dev.streaminglabs.lab03;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.split;

import java.util.concurrent.TimeoutException;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 1 — the word count as a streaming Dataset.
 *
 * <p>Structured Streaming sees the input as a table that never stops growing: every line that arrives is one more
 * row of the <em>input table</em> (one column, {@code value}). A query on it is written exactly as on a static
 * DataFrame; Spark runs it incrementally, trigger after trigger, and keeps the <em>result table</em> up to date. Where
 * lab 01's DStream counted each batch on its own, this result table counts every line received so far.
 */
public final class StreamingWordCount {

    /** The columns of the result table. */
    public static final String WORD = "word";
    public static final String COUNT = "count";

    /** What separates words: anything that is not a Unicode letter or digit (as lab 01's tokenizer). */
    public static final String NOT_A_WORD = "[^\\p{L}\\p{N}]+";

    private StreamingWordCount() {
    }

    /**
     * The result table of a word count over the input table of lines: one row per word ever seen, with two columns,
     * {@code word} (lower case) and {@code count} (how many times it appeared in all the lines so far).
     *
     * <p>A word is a run of letters or digits ({@link #NOT_A_WORD} separates them); blank lines and punctuation make
     * no word. Nothing runs yet: this only describes the query.
     */
    public static Dataset<Row> countWords(Dataset<Row> lines) {
        // TODO Step 1a: lower-case each line, split it into an array of words, explode the array into one row per
        //   word (named WORD), drop empty words, group by word and count.
        throw new NotDoneYet("lab-03-structured", 1, "count the words of all the lines so far");
    }

    /**
     * Starts the query into the <em>memory sink</em>: after each trigger, the whole result table lands in an in-memory
     * table named {@code queryName}, which {@code spark.table(queryName)} or SQL can read. Meant for tests and
     * notebooks: it keeps everything on the driver.
     *
     * @return the running query; {@code start()} returns at once, the triggers run on Spark's own thread
     */
    public static StreamingQuery startInMemory(Dataset<Row> counts, String queryName) throws TimeoutException {
        // TODO Step 1b: writeStream in complete mode (the whole result table each time), format "memory", name the
        //   query, start it.
        throw new NotDoneYet("lab-03-structured", 1, "start the word count in the memory sink");
    }
}
