package dev.streaminglabs.common;

import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.runtime.MemoryStream;

/**
 * An unbounded input table that a program fills by hand: Spark's {@code MemoryStream}, without its Scala API. Tests
 * use it to decide exactly what each trigger reads; demos, to replay generated events at their own pace.
 *
 * <pre>{@code
 * var lines = MemoryInput.of(spark, Encoders.STRING());
 * Dataset<Row> counts = WordCount.countWords(lines.toDF());   // a streaming DataFrame with one column, "value"
 * lines.add("to be or not to be");                           // the next trigger reads it
 * }</pre>
 */
public final class MemoryInput<T> {

    private final MemoryStream<T> stream;

    private MemoryInput(MemoryStream<T> stream) {
        this.stream = stream;
    }

    public static <T> MemoryInput<T> of(SparkSession spark, Encoder<T> encoder) {
        return new MemoryInput<>(MemoryStream.apply(encoder, spark));
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
