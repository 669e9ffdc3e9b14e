package dev.streaminglabs.common;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.spark.SparkConf;

/**
 * The one place where the workbook says how Spark is configured.
 *
 * <p>Demos and apps call {@link #conf(String)} and keep whatever {@code spark-submit} already set, so the same code
 * runs locally and on a cluster. The tests' shared session is built on the same settings (the test kit's
 * {@code TestSpark}).
 */
public final class LocalSpark {

    /** Two local cores: enough to show parallelism, and a receiver plus one task can run side by side. */
    public static final String LOCAL_MASTER = "local[2]";

    private LocalSpark() {
    }

    /**
     * The settings every run of the workbook uses, unless {@code spark-submit} set them already: local master,
     * loopback addresses, two shuffle partitions (the default 200 makes small tests five times slower), no UI.
     */
    public static SparkConf conf(String appName) {
        var conf = new SparkConf()
                .setAppName(appName)
                .setIfMissing("spark.master", LOCAL_MASTER);
        if (conf.get("spark.master").startsWith("local")) {
            // On one machine, everything stays on loopback. On a cluster, the executors must reach the driver at an
            // address of the network: spark-submit (or SPARK_LOCAL_IP) says which.
            conf.setIfMissing("spark.driver.host", "127.0.0.1")
                    .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return conf
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.sql.shuffle.partitions", "2")
                .setIfMissing("spark.sql.warehouse.dir", tempDir("spark-warehouse").toUri().toString())
                .setIfMissing("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true")
                .setIfMissing("spark.sql.session.timeZone", "UTC")
                // A NameNode that does not answer (a host down, a port a firewall drops): a clear error within
                // seconds. Hadoop's client would wait 20 s for each of 45 attempts (15 minutes) before failing. A
                // refused connection (nothing listens on that port) fails at once anyway.
                .setIfMissing("spark.hadoop.ipc.client.connect.timeout", "5000")
                .setIfMissing("spark.hadoop.ipc.client.connect.max.retries.on.timeouts", "2");
    }

    private static Path tempDir(String prefix) {
        try {
            var dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create a temporary folder for Spark", e);
        }
    }
}
