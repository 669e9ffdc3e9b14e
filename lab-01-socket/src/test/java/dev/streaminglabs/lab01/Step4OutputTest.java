package dev.streaminglabs.lab01;

import static dev.streaminglabs.testkit.StreamingScenario.asPairs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

import dev.streaminglabs.lab01.CountsOutput.BatchCounts;
import dev.streaminglabs.testkit.SavedBatches;
import dev.streaminglabs.testkit.StreamingScenario;

@Tag("step4")
@DisplayName("Step 4 — send each batch to a sink, save each batch as text files")
class Step4OutputTest {

    private static final StreamingScenario<Tuple2<String, Long>> THREE_BATCHES_OF_COUNTS = StreamingScenario.of(List.of(
            List.of(new Tuple2<>("spark", 2L), new Tuple2<>("stream", 1L)),
            List.of(),
            List.of(new Tuple2<>("éléphant", 3L))));

    @Test
    void theSinkGetsEveryBatchWithItsTime() {
        var received = new ConcurrentLinkedQueue<BatchCounts>();

        int batches = THREE_BATCHES_OF_COUNTS.runWithOwnOutput(
                counts -> CountsOutput.sendEachBatch(asPairs(counts), received::add));

        assertThat(batches).isEqualTo(3);
        assertThat(received).extracting(BatchCounts::batchTimeMillis)
                .as("the batch times the sink received: every batch, empty ones too (the batch at 2 s had no word)")
                .containsExactly(1000L, 2000L, 3000L);
        assertThat(received)
                .as("what the sink received, batch by batch (batch times are in ms from the start of the stream)")
                .containsExactly(
                        new BatchCounts(1000, Map.of("spark", 2L, "stream", 1L)),
                        new BatchCounts(2000, Map.of()),
                        new BatchCounts(3000, Map.of("éléphant", 3L)));
    }

    @Test
    void eachBatchIsSavedInAFolderOfItsOwn(@TempDir Path output) {
        var prefix = output.resolve("counts");

        THREE_BATCHES_OF_COUNTS.runWithOwnOutput(
                counts -> CountsOutput.saveEachBatch(asPairs(counts), prefix.toString()));

        var saved = SavedBatches.read(prefix, "txt");
        assertThat(saved.keySet())
                .as("one folder per batch, named counts-<batch time in ms>.txt, in %s", output)
                .containsExactly(1000L, 2000L, 3000L);
        assertThat(saved.get(1000L)).as("lines of the batch at 1 s, each word<TAB>count")
                .containsExactly("spark\t2", "stream\t1");
        assertThat(saved.get(2000L)).as("lines of the batch at 2 s (an empty batch)").isEmpty();
        assertThat(saved.get(3000L)).as("lines of the batch at 3 s").containsExactly("éléphant\t3");
        assertThat(SavedBatches.isComplete(output.resolve("counts-3000.txt")))
                .as("Spark marks a finished folder with a _SUCCESS file").isTrue();
    }
}
