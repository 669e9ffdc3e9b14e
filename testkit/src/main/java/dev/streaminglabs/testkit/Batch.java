package dev.streaminglabs.testkit;

import java.util.List;

import org.apache.spark.streaming.Time;

/**
 * What one batch of a test stream produced: its batch time and the records of its output.
 *
 * @param number  1 for the first batch, 2 for the second…
 * @param time    the batch time, counted from the start of the stream
 * @param records everything the output DStream held for that batch
 */
public record Batch<R>(int number, Time time, List<R> records) {

    /** "batch at 2 s", the words a failure message uses. */
    public String label() {
        return "batch at " + TestClock.format(time);
    }
}
