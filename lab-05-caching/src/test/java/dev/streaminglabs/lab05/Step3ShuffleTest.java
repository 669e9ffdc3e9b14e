package dev.streaminglabs.lab05;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.testkit.RowAssertions;
import dev.streaminglabs.testkit.TestSpark;

@Tag("step3")
@DisplayName("Step 3 — execution plan, partitions and shuffles")
class Step3ShuffleTest {

    private static final StructType SALES = new StructType()
            .add("city", DataTypes.StringType)
            .add("amount", DataTypes.LongType);

    @Test
    void aGroupByShufflesOnce() {
        var totals = Shuffles.totalsByCity(sales(Map.of("paris", 3, "lyon", 2, "nice", 1)));

        assertThat(Shuffles.exchangesIn(totals)).as("exchanges (shuffles) in the plan of totalsByCity:%n%s",
                Shuffles.planOf(totals)).hasSize(1);
        assertThat(Shuffles.planOf(totals)).as("plan of totalsByCity").contains("hashpartitioning(city");
        assertThat(totalsOf(totals)).as("total amount per city (each sale is 10)")
                .isEqualTo(Map.of("paris", 30L, "lyon", 20L, "nice", 10L));
    }

    @Test
    void theShuffleWritesSparkSqlShufflePartitionsPartitions() {
        var conf = TestSpark.session().conf();
        var before = conf.get("spark.sql.shuffle.partitions");
        try {
            conf.set("spark.sql.shuffle.partitions", "5");
            var totals = Shuffles.totalsByCity(sales(Map.of("paris", 3, "lyon", 2)));

            var exchanges = Shuffles.exchangesIn(totals);
            assertThat(exchanges).as("exchanges in the plan of totalsByCity").hasSize(1);
            assertThat(exchanges.get(0).numPartitions())
                    .as("partitions written by the groupBy's shuffle with spark.sql.shuffle.partitions=5")
                    .isEqualTo(5);
        } finally {
            conf.set("spark.sql.shuffle.partitions", before); // the session is shared: leave it as it was
        }
    }

    @Test
    void repartitionShufflesIntoEvenPartitions() {
        var rows = sales(Map.of("paris", 10, "lyon", 10)).coalesce(1);

        var spread = Partitioning.evenlyIn(rows, 4);

        assertThat(spread.javaRDD().getNumPartitions()).as("partitions after repartition(4)").isEqualTo(4);
        assertThat(Shuffles.exchangesIn(spread)).as("exchanges in the plan of a repartition").hasSize(1);
        var rowsPerPartition = Partitioning.rowsPerPartition(spread);
        assertThat(Collections.max(rowsPerPartition) - Collections.min(rowsPerPartition))
                .as("rows per partition %s: 20 rows dealt out round-robin, no partition more than 2 rows away from "
                        + "another", rowsPerPartition)
                .isLessThanOrEqualTo(2);
    }

    @Test
    void coalesceMergesPartitionsWithoutAShuffle() {
        // Six partitions straight from the source (no shuffle under the coalesce), each row tagged with its partition.
        var rows = TestSpark.session().range(0, 12, 1, 6).withColumn("source_partition", spark_partition_id());

        var merged = Partitioning.mergedInto(rows, 2);

        assertThat(merged.javaRDD().getNumPartitions()).as("partitions after coalesce(2) of 6").isEqualTo(2);
        assertThat(Shuffles.exchangesIn(merged)).as("exchanges in the plan of mergedInto: coalesce adds none, "
                + "repartition adds one:%n%s", Shuffles.planOf(merged)).isEmpty();
        var sourcesPerPartition = merged.javaRDD().glom()
                .map(partition -> partition.stream().map(row -> row.<Integer>getAs("source_partition"))
                        .collect(Collectors.toCollection(TreeSet::new)))
                .collect();
        for (int source = 0; source < 6; source++) {
            final int partition = source;
            assertThat(sourcesPerPartition.stream().filter(sources -> sources.contains(partition)).count())
                    .as("partitions after mergedInto that hold rows of source partition %d (each merged partition "
                            + "holds these source partitions: %s): coalesce merges whole partitions, it moves no row "
                            + "between them; a shuffle (repartition) deals the rows out again", partition,
                            sourcesPerPartition)
                    .isEqualTo(1);
        }
        assertThat(merged.count()).as("rows after coalesce").isEqualTo(12);
    }

    @Test
    void coalesceCannotAddPartitions() {
        var rows = Partitioning.evenlyIn(sales(Map.of("paris", 4)), 2);

        var merged = Partitioning.mergedInto(rows, 8);

        assertThat(merged.javaRDD().getNumPartitions())
                .as("partitions after coalesce(8) of 2: coalesce only merges, repartition is needed to add")
                .isEqualTo(2);
    }

    @Test
    void skewedKeyIsSpreadByTheSalt() {
        var skewed = sales(Map.of("paris", 90, "lyon", 5, "nice", 5));
        var byCityAlone = skewed.repartition(4, col("city"));

        var salted = Partitioning.spreadByCityAndSalt(skewed, 4, 8);

        assertThat(largestShare(Partitioning.rowsPerPartition(byCityAlone)))
                .as("largest partition's share of the rows, partitioned by city alone (paris is 90%% of the sales)")
                .isGreaterThanOrEqualTo(0.9);
        assertThat(salted.columns()).as("columns of the salted sales").contains("city", "amount", "salt");
        assertThat(largestShare(Partitioning.rowsPerPartition(salted)))
                .as("largest partition's share of the rows, partitioned by city and salt: %s",
                        Partitioning.rowsPerPartition(salted))
                .isLessThan(0.6);
        assertThat(salted.javaRDD().getNumPartitions()).as("partitions after spreading").isEqualTo(4);
    }

    @Test
    void theSaltIsTheSameFromOneRunToTheNext() {
        var skewed = sales(Map.of("paris", 90, "lyon", 5, "nice", 5)).coalesce(1);

        var first = saltsOf(Partitioning.spreadByCityAndSalt(skewed, 4, 8));
        var second = saltsOf(Partitioning.spreadByCityAndSalt(skewed, 4, 8));

        assertThat(second).as("the salts of a second run of spreadByCityAndSalt on the same sales, row by row: a "
                + "salt that changes from one run to the next (rand() without a seed) puts the rows in other "
                + "partitions each time: the job cannot be reproduced").isEqualTo(first);
    }

    @Test
    void saltedTotalsAreTheSameTotalsWithTwoShuffles() {
        var skewed = sales(Map.of("paris", 90, "lyon", 5, "nice", 5));

        var salted = Shuffles.saltedTotalsByCity(skewed, 8);

        assertThat(Shuffles.exchangesIn(salted))
                .as("exchanges in the salted aggregation (by city and salt, then by city):%n%s",
                        Shuffles.planOf(salted))
                .hasSize(2);
        assertThat(salted.columns()).as("columns of the salted totals").containsExactly("city", "total");
        assertThat(totalsOf(salted)).as("salted totals per city: the salt must not change the result")
                .isEqualTo(Map.of("paris", 900L, "lyon", 50L, "nice", 50L));
    }

    @Test
    void exchangesAreFoundInTheFinalPlanToo() {
        var totals = Shuffles.totalsByCity(sales(Map.of("paris", 3, "lyon", 2)));
        totals.collectAsList(); // with adaptive execution, the plan becomes the final plan of query stages

        assertThat(Shuffles.exchangesIn(totals)).as("exchanges in the final (adaptive) plan after the run:%n%s",
                Shuffles.planOf(totals)).hasSize(1);
    }

    @Test
    void noSalesNoTotals() {
        var totals = Shuffles.totalsByCity(sales(Map.of()));

        assertThat(totals.collectAsList()).as("totals of no sales").isEmpty();
    }

    /** {@code count} sales of 10 for each city, in a stable order. */
    private static Dataset<Row> sales(Map<String, Integer> salesPerCity) {
        var rows = new ArrayList<Row>();
        new TreeMap<>(salesPerCity).forEach((city, count) ->
                rows.addAll(Collections.nCopies(count, RowFactory.create(city, 10L))));
        return TestSpark.session().createDataFrame(rows, SALES);
    }

    /** The totals by city, read by column name once the columns are checked. */
    private static Map<String, Long> totalsOf(Dataset<Row> totals) {
        RowAssertions.assertColumns("the columns of the totals", totals.columns(), List.of("city", "total"),
                Map.of("city", "group by the city",
                        "total", "name the sum of the amounts total (sum(\"amount\").as(\"total\"))"));
        var byCity = new TreeMap<String, Long>();
        totals.collectAsList().forEach(row -> byCity.put(row.getAs("city"), ((Number) row.getAs("total")).longValue()));
        return byCity;
    }

    /** The salt of every row, partition by partition, in row order. */
    private static List<Long> saltsOf(Dataset<Row> salted) {
        return salted.javaRDD().glom().collect().stream()
                .flatMap(partition -> partition.stream().map(row -> ((Number) row.getAs("salt")).longValue()))
                .toList();
    }

    private static double largestShare(List<Integer> rowsPerPartition) {
        int total = rowsPerPartition.stream().mapToInt(Integer::intValue).sum();
        return (double) Collections.max(rowsPerPartition) / total;
    }
}
