package dev.streaminglabs.common.test;

import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.streaming.runtime.MemoryStream;

import dev.streaminglabs.common.LocalSpark;

/**
 * An unbounded input table that a test fills by hand: Spark's {@code MemoryStream}, on the shared session.
 *
 * <pre>{@code
 * var lines = MemoryInput.of(Encoders.STRING());
 * Dataset<Row> counts = WordCount.countWords(lines.toDF());   // a streaming DataFrame with one column, "value"
 * }</pre>
 */
public final class MemoryInput<T> {

    private final MemoryStream<T> stream;

    private MemoryInput(MemoryStream<T> stream) {
        this.stream = stream;
    }

    public static <T> MemoryInput<T> of(Encoder<T> encoder) {
        return new MemoryInput<>(MemoryStream.apply(encoder, LocalSpark.session()));
    }

    /** The input as a streaming Dataset of {@code T}. */
    public Dataset<T> toDS() {
        return stream.toDS();
    }

    /** The input as a streaming DataFrame; a stream of strings has one column, {@code value}. */
    public Dataset<Row> toDF() {
        return stream.toDF();
    }

    /** Appends rows to the input table; a running query sees them at its next trigger. */
    @SafeVarargs
    public final void add(T... rows) {
        addAll(List.of(rows));
    }

    public void addAll(List<T> rows) {
        stream.addData(scala.jdk.javaapi.CollectionConverters.asScala(rows));
    }
}
