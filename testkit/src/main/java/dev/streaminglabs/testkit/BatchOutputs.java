package dev.streaminglabs.testkit;

import java.util.List;
import java.util.stream.Collectors;

/** Every batch a test stream produced, in order. {@code batch(1)} is the first. */
public record BatchOutputs<R>(List<Batch<R>> batches) {

    public Batch<R> batch(int number) {
        if (number < 1 || number > batches.size()) {
            throw new IllegalArgumentException(
                    "there is no batch %d: the stream ran %d batches".formatted(number, batches.size()));
        }
        return batches.get(number - 1);
    }

    public int size() {
        return batches.size();
    }

    /** One line per batch, for failure messages: "batch at 1 s: [(spark,2), (fast,1)]". */
    @Override
    public String toString() {
        return batches.stream()
                .map(batch -> batch.label() + ": " + batch.records())
                .collect(Collectors.joining("\n"));
    }
}
