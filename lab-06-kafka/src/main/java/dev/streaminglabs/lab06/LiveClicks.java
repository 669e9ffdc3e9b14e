package dev.streaminglabs.lab06;

/**
 * The app of lab 06: clicks produced to a Kafka topic, read by your step 1, turned into checkout alerts by your step
 * 5 and written to another topic; each alert's end-to-end latency measured.
 *
 * <pre>
 * ./mvnw -q -pl lab-06-kafka -am compile exec:exec                                      # embedded broker
 * ./mvnw -q -pl lab-06-kafka -am compile exec:exec -Dargs="--mode realtime"
 * ./mvnw -q -pl lab-06-kafka -am compile exec:exec -Dargs="--compare --seconds 30"     # the three triggers
 * ./mvnw -q -pl lab-06-kafka -am compile exec:exec -Dargs="--bootstrap 127.0.0.1:9092 --create-topics"
 * </pre>
 *
 * Options: {@code --mode interval|asap|realtime} the trigger (default interval: {@code ProcessingTime}, every
 * {@code --batch-ms}, default 1000; asap: the default micro-batch trigger; realtime: {@code Trigger.RealTime}, a
 * batch of {@code --batch-ms}, at least 5000); {@code --seconds S} how long the query runs (20); {@code --rate N}
 * clicks a second (200); {@code --compare} the three triggers in turn, then their latencies side by side;
 * {@code --bootstrap HOST:PORT} an existing broker (default: an embedded one), with {@code --create-topics} to create
 * the topics there; {@code --dir DIR} where the checkpoints go (default a temporary folder, deleted);
 * {@code --ui} the Spark UI.
 */
public final class LiveClicks {

    private LiveClicks() {
    }

    /** The demo: see {@link LiveClicksDemo}, in {@code src/given/java} (the lab gives it; nothing to fill in). */
    public static void main(String[] args) throws Exception {
        LiveClicksDemo.main(args);
    }
}
