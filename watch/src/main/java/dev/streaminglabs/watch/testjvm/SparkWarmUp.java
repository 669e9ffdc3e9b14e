package dev.streaminglabs.watch.testjvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.streaminglabs.testkit.TestSpark;

/** The tests' shared Spark session and a first job with a shuffle: what every lab's first test pays. */
class SparkWarmUp {

    @Test
    void firstJob() {
        var counts = TestSpark.context()
                .parallelize(List.of("to be", "or not", "to be"), 2)
                .mapToPair(line -> new scala.Tuple2<>(line, 1L))
                .reduceByKey(Long::sum)
                .collectAsMap();

        assertThat(counts).containsEntry("to be", 2L);
    }
}
