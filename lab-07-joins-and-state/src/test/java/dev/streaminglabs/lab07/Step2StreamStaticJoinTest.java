package dev.streaminglabs.lab07;

import static dev.streaminglabs.lab07.Events.assertRows;
import static dev.streaminglabs.lab07.Events.impression;
import static dev.streaminglabs.lab07.Events.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.common.MemoryInput;
import dev.streaminglabs.lab07.AdEvents.Impression;
import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.TestSpark;

/**
 * Impressions (a stream) enriched with the campaign and the advertiser of their ad, read from the {@code ads} table of
 * an in-memory H2 database (static). The query runs in append mode: a stream–static join emits each impression once.
 */
@Tag("step2")
@DisplayName("Step 2 — enrich a stream from a reference table: a stream–static join")
class Step2StreamStaticJoinTest {

    private static final String[] COLUMNS = {"impressionAd", "impressionUser", "campaign", "advertiser"};

    private AdsDatabase database;
    private MemoryInput<org.apache.spark.sql.Row> impressions;

    @BeforeEach
    void adsOfTwoAdvertisers() {
        database = AdsDatabase.inMemory()
                .put("a1", "spring sale", "Acme")
                .put("a2", "new phone", "Globex");
        impressions = TestSpark.memoryInput(Impression.encoder());
    }

    @AfterEach
    void dropTheDatabase() {
        database.drop();
    }

    private QueryRun start() {
        var ads = AdCatalog.adsTable(TestSpark.session(), database.jdbcUrl());
        return QueryRun.start(AdCatalog.withCampaigns(impressions.toDF(), ads), OutputMode.Append());
    }

    @Test
    void eachImpressionGetsTheCampaignAndTheAdvertiserOfItsAd() {
        try (var query = start()) {
            impressions.addAll(rows(impression("a1", "u1", "10:00"), impression("a2", "u2", "10:01"),
                    impression("a1", "u3", "10:02")));

            assertRows("trigger 1", query.processAllAvailable(), List.of(
                    "a1 u1 spring sale Acme", "a2 u2 new phone Globex", "a1 u3 spring sale Acme"), "", COLUMNS);
            assertThat(query.query().lastProgress().stateOperators())
                    .as("state operators of a stream–static join: it keeps no state between triggers").isEmpty();
        }
    }

    @Test
    void anImpressionOfAnAdMissingFromTheTableIsKeptWithAnUnknownCampaign() {
        try (var query = start()) {
            impressions.addAll(rows(impression("a1", "u1", "10:00"), impression("a9", "u2", "10:01")));

            assertRows("trigger 1", query.processAllAvailable(),
                    List.of("a1 u1 spring sale Acme", "a9 u2 unknown -"),
                    "An ad missing from the table must not make its impression disappear: which join keeps the rows "
                            + "of the stream that find no match?", COLUMNS);
        }
    }

    @Test
    void aChangeInTheTableShowsFromTheNextTriggerAndEmittedRowsStayAsTheyWere() {
        try (var query = start()) {
            impressions.addAll(rows(impression("a1", "u1", "10:00"), impression("a3", "u2", "10:01")));
            assertRows("trigger 1", query.processAllAvailable(),
                    List.of("a1 u1 spring sale Acme", "a3 u2 unknown -"), "", COLUMNS);

            // Between two triggers, the advertisers change the table: a1 moves to another campaign, a3 is added.
            database.put("a1", "summer sale", "Acme").put("a3", "cheap flights", "Initech");

            impressions.addAll(rows(impression("a1", "u3", "10:05"), impression("a3", "u4", "10:06")));
            assertRows("trigger 2", query.processAllAvailable(),
                    List.of("a1 u3 summer sale Acme", "a3 u4 cheap flights Initech"),
                    "The table changed before trigger 2: is it read once and kept (cache), instead of read again at "
                            + "every trigger?", COLUMNS);
        }
    }
}
