package dev.streaminglabs.common.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.streaminglabs.testkit.CollectedStream;
import dev.streaminglabs.testkit.StreamingRun;
import dev.streaminglabs.testkit.TestSpark;

class ReplayableInputDStreamTest {

    @Test
    void aContextRecoveredFromItsCheckpointGoesOnReadingTheNextBatches(@TempDir Path dir) {
        var input = new ReplayableInputDStream.Folder(dir.resolve("input"));
        var checkpoint = dir.resolve("checkpoint").toString();
        input.write(1, "a", "b");
        input.write(2, "c");
        input.write(3, "d", "e", "f");
        var collected = new AtomicReference<CollectedStream<Long>>();

        // The factory runs only when there is no checkpoint yet; its output operation is restored from the checkpoint.
        org.apache.spark.api.java.function.Function0<JavaStreamingContext> create = () -> {
            var context = new JavaStreamingContext(TestSpark.context(), Durations.seconds(1));
            context.checkpoint(checkpoint);
            collected.set(CollectedStream.of(ReplayableInputDStream.create(context, input).count()));
            return context;
        };

        TestSpark.stopActiveStreamingContext();
        try (var first = StreamingRun.start(JavaStreamingContext.getOrCreate(checkpoint, create))) {
            assertThat(collected.get().recordsAt(first.nextBatch())).containsExactly(2L);
            assertThat(collected.get().recordsAt(first.nextBatch())).containsExactly(1L);
        }

        var recovered = JavaStreamingContext.getOrCreate(checkpoint, () -> {
            throw new AssertionError("the context should come from the checkpoint, not from the factory");
        });
        try (var second = StreamingRun.start(recovered)) {
            var time = second.nextBatch();
            assertThat(time.milliseconds()).as("the recovered stream goes on from its last batch").isEqualTo(3000);
            assertThat(collected.get().recordsAt(time)).as("batch 3 reads batch-0003.txt").containsExactly(3L);
        } finally {
            collected.get().close();
        }
    }
}
