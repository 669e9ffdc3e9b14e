package dev.streaminglabs.common.kafka;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Realistic, reproducible clicks for demos and tests: a few pages are visited far more than others, a few users
 * click far more than others, and time moves on by a random step between two clicks. The same seed gives the same
 * clicks.
 */
public final class ClickGenerator {

    /** The pages of the shop, most visited first. */
    public static final List<String> PAGES = List.of(
            "/home", "/search", "/product/42", "/cart", "/product/7", "/checkout", "/checkout/pay", "/help");

    private final Random random;
    private Instant clock;

    public ClickGenerator(long seed, Instant start) {
        this.random = new Random(seed);
        this.clock = start;
    }

    /** The next click, between 1 and 500 ms after the previous one. */
    public Click next() {
        clock = clock.plusMillis(1 + random.nextInt(500));
        var user = "u" + (1 + (int) (Math.pow(random.nextDouble(), 2) * 20));
        var page = PAGES.get((int) (Math.pow(random.nextDouble(), 1.5) * PAGES.size()));
        return new Click(user, page, clock);
    }

    /** A click that happens now (wall-clock time): what a live demo produces. */
    public Click nextNow() {
        var click = next();
        return new Click(click.user(), click.page(), Instant.now());
    }

    /** The next {@code count} clicks. */
    public List<Click> next(int count) {
        return Stream.generate(this::next).limit(count).toList();
    }
}
