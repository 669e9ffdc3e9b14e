package dev.streaminglabs.testkit;

import java.util.List;

/**
 * What happened when a streaming app ran under the test clock (see {@link StreamingScenario#runApp}).
 *
 * @param batchesCompleted how many batches the context completed before it stopped
 * @param outputs          what the app's collected DStream held in each completed batch (empty if it collected none)
 * @param stopped          whether the app's streaming context was stopped when the app returned
 */
public record AppRun<R>(int batchesCompleted, BatchOutputs<R> outputs, boolean stopped) {

    public List<Batch<R>> batches() {
        return outputs.batches();
    }
}
