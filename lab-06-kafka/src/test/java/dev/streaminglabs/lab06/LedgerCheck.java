package dev.streaminglabs.lab06;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The ledger after a drill, page by page: the clicks lost, or counted twice, in the course's words. */
final class LedgerCheck {

    private LedgerCheck() {
    }

    /**
     * What is wrong with the ledger's totals ({@code found}) against the clicks sent ({@code expected}): one line per
     * page, empty when every click is counted once.
     *
     * @param whyTooMany what a page counted twice points at, in this drill
     */
    static List<String> problems(Map<String, Long> expected, Map<String, Long> found, String whyTooMany) {
        var problems = new ArrayList<String>();
        expected.forEach((page, sent) -> {
            var total = found.get(page);
            if (total == null || total < sent) {
                problems.add("'%s' lost clicks: %s in the ledger, %d sent".formatted(page, total, sent));
            } else if (total > sent) {
                problems.add("'%s' counted twice: %d in the ledger, %d sent — %s".formatted(page, total, sent,
                        whyTooMany));
            }
        });
        return problems;
    }
}
