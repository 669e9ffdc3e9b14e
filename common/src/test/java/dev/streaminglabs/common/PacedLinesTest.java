package dev.streaminglabs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

class PacedLinesTest {

    @Test
    void handsEveryLineOfAFiniteSourceToTheSinkInOrderThenFinishes() {
        Iterator<String> lines = List.of("one", "two", "three").iterator();
        var received = new CopyOnWriteArrayList<String>();

        try (var producer = PacedLines.start("test-producer", () -> lines.hasNext() ? lines.next() : null, 1_000,
                received::add)) {
            await().atMost(Duration.ofSeconds(10)).until(producer::finished);

            assertThat(received).containsExactly("one", "two", "three");
            assertThat(producer.sent()).isEqualTo(3);
        }
    }

    @Test
    void closeStopsBetweenTwoLines() {
        var received = new CopyOnWriteArrayList<String>();
        var producer = PacedLines.start("test-producer", () -> "line", 1_000, received::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);

        producer.close();

        assertThat(producer.finished()).isTrue();
        assertThat(received).hasSize((int) producer.sent());
    }
}
