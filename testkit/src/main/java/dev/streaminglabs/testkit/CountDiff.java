package dev.streaminglabs.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The differences between the counts a test expected and those a stream produced, one phrase each, in the course's
 * words: {@code count of 'spark' expected 3 but was 1}, {@code unexpected 'flink' (count 2)}. Keys in a stable
 * order (by their text), so the same failure always reads the same.
 */
final class CountDiff {

    private CountDiff() {
    }

    static <K> List<String> between(Map<K, ?> expected, Map<K, ?> actual) {
        var problems = new ArrayList<String>();
        byText(expected).forEach((text, key) -> {
            if (!actual.containsKey(key)) {
                problems.add("count of %s expected %s but it is missing".formatted(quote(key), expected.get(key)));
            } else if (!Objects.equals(actual.get(key), expected.get(key))) {
                problems.add("count of %s expected %s but was %s".formatted(quote(key), expected.get(key),
                        actual.get(key)));
            }
        });
        byText(actual).forEach((text, key) -> {
            if (!expected.containsKey(key)) {
                problems.add("unexpected %s (count %s)".formatted(quote(key), actual.get(key)));
            }
        });
        return problems;
    }

    /** The map's entries sorted by the key's text, whatever the key's type: for messages that always read the same. */
    static <K, V> Map<String, V> sorted(Map<K, V> map) {
        var sorted = new TreeMap<String, V>();
        map.forEach((key, value) -> sorted.put(String.valueOf(key), value));
        return sorted;
    }

    static String quote(Object key) {
        return key instanceof String ? "'" + key + "'" : String.valueOf(key);
    }

    private static <K> Map<String, K> byText(Map<K, ?> map) {
        var keys = new TreeMap<String, K>();
        map.keySet().forEach(key -> keys.put(String.valueOf(key), key));
        return keys;
    }
}
