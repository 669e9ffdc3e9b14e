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
 * Its options ({@code --help} lists them) are declared in {@link LiveClicksDemo#OPTIONS}, in {@code src/given/java}.
 */
public final class LiveClicks {

    private LiveClicks() {
    }

    /** The demo: see {@link LiveClicksDemo}, in {@code src/given/java} (the lab gives it; nothing to fill in). */
    public static void main(String[] args) throws Exception {
        LiveClicksDemo.main(args);
    }
}
