package dev.streaminglabs.lab03;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.apache.spark.sql.Row;
import org.opentest4j.AssertionFailedError;

/** Assertions on what a memory sink's table holds, in the course's words. */
final class MemoryTables {

    private MemoryTables() {
    }

    /**
     * The memory table has one row per word. The memory sink appends what each trigger emits: when a trigger emits
     * only the words whose count changed (update mode), the table keeps every count a word ever had.
     */
    static void assertOneRowPerWord(String where, List<Row> rows) {
        var countsOfEachWord = new TreeMap<String, List<Object>>();
        for (var row : rows) {
            countsOfEachWord.computeIfAbsent(String.valueOf(row.<Object>getAs("word")), word -> new ArrayList<>())
                    .add(row.getAs("count"));
        }
        countsOfEachWord.forEach((word, counts) -> {
            if (counts.size() > 1) {
                throw new AssertionFailedError("""
                        %s: '%s' is in the table %d times, with the counts %s. The memory sink appends what each \
                        trigger emits; when a trigger emits only the words whose count changed (update mode), the \
                        table keeps every count a word ever had. The memory table must hold the whole result table \
                        after every trigger: which output mode sends that?""".formatted(where, word, counts.size(),
                        counts));
            }
        });
    }
}
