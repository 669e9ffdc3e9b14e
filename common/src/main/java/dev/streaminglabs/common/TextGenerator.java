package dev.streaminglabs.common;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

/**
 * Realistic, reproducible text for demos and tests: sentences about a streaming job's day, and application log
 * lines. The same seed always gives the same lines.
 *
 * <p>Words are drawn with a skewed distribution (a few words are frequent, most are rare), as in real text, so word
 * counts and top-N lists have something to show. A few French words with accents are in the mix: a tokenizer must
 * keep "éléphant" in one piece.
 */
public final class TextGenerator {

    private static final List<String> SUBJECTS = List.of(
            "the stream", "a receiver", "the driver", "an executor", "the batch", "a worker", "the job",
            "the cluster", "a partition", "the window", "le flux", "un éléphant");
    private static final List<String> VERBS = List.of(
            "reads", "counts", "splits", "joins", "writes", "checks", "sends", "keeps", "drops", "sorts", "lit",
            "compte");
    private static final List<String> OBJECTS = List.of(
            "the words", "every line", "new records", "late events", "a checkpoint", "the offsets", "spark logs",
            "twenty events", "the results", "a café order", "des données", "la fenêtre");
    private static final List<String> ENDINGS = List.of(
            "", " again", " every second", " in the morning", " without a pause", " before noon", " très vite");

    private static final List<String> LEVELS = List.of("INFO", "INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG");
    private static final List<String> PATHS = List.of(
            "/api/orders", "/api/users", "/api/cart", "/health", "/api/search", "/static/app.js");
    private static final List<String> METHODS = List.of("GET", "GET", "GET", "POST", "PUT", "DELETE");
    private static final int[] STATUSES = {200, 200, 200, 200, 201, 204, 304, 404, 500};
    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final Random random;
    private long clockMillis;

    public TextGenerator(long seed) {
        this.random = new Random(seed);
        this.clockMillis = Instant.parse("2026-01-05T09:00:00Z").toEpochMilli() + seed % 1000;
    }

    /** A sentence such as "the receiver counts late events every second". */
    public String sentence() {
        return pick(SUBJECTS) + " " + pick(VERBS) + " " + pick(OBJECTS) + pick(ENDINGS);
    }

    /** An application log line such as {@code 2026-01-05 09:00:01.250 INFO  [worker-2] GET /api/orders 200 35 ms}. */
    public String logLine() {
        clockMillis += 1 + random.nextInt(500);
        return "%s %-5s [worker-%d] %s %s %d %d ms".formatted(
                LOG_TIME.format(Instant.ofEpochMilli(clockMillis)), pick(LEVELS), 1 + random.nextInt(4),
                pick(METHODS), pick(PATHS), STATUSES[random.nextInt(STATUSES.length)], 2 + random.nextInt(400));
    }

    /** {@code count} sentences. */
    public List<String> sentences(int count) {
        return java.util.stream.Stream.generate(this::sentence).limit(count).toList();
    }

    /** Skewed choice: the first items of a list come up far more often than the last ones. */
    private String pick(List<String> items) {
        double skewed = Math.pow(random.nextDouble(), 2.0);
        return items.get((int) (skewed * items.size()));
    }
}
