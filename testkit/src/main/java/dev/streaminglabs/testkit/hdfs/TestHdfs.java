package dev.streaminglabs.testkit.hdfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HDFS in the test JVM: one NameNode and two DataNodes (Hadoop's {@code MiniDFSCluster}), on 127.0.0.1 with
 * ephemeral ports, its blocks in a temporary folder.
 *
 * <pre>{@code
 * var orders = TestHdfs.cluster().newFolder("orders");    // hdfs://127.0.0.1:40123/test-1/orders, created
 * spark.readStream().schema(schema).csv(orders);           // the same code as for a local folder
 * }</pre>
 *
 * Started the first time a test asks for it (a lab whose tests never do pays nothing), once per test JVM, and
 * stopped, its folder deleted, when the JVM exits — after Spark and Hadoop's clients have closed. Every file is
 * written on both DataNodes (replication 2), so that one of them can stop while a stream goes on
 * ({@link #stopDataNode()}).
 */
public final class TestHdfs {

    /** Two DataNodes, each file on both: the smallest cluster that survives the loss of a DataNode. */
    public static final int DATANODES = 2;

    /** Runs after Hadoop's FileSystem cache has closed its clients (10) and after Spark's own hook (40). */
    private static final int SHUTDOWN_PRIORITY = 5;

    private static final Logger LOG = LoggerFactory.getLogger(TestHdfs.class);
    private static TestHdfs started;

    private final MiniDFSCluster cluster;
    private final Configuration clientConfiguration;
    private final Path baseDirectory;
    private final URI uri;
    private final long startMillis;
    private final AtomicInteger folders = new AtomicInteger();

    private TestHdfs(MiniDFSCluster cluster, Path baseDirectory, long startMillis) {
        this.cluster = cluster;
        this.clientConfiguration = cluster.getConfiguration(0);
        this.baseDirectory = baseDirectory;
        this.uri = URI.create("hdfs://127.0.0.1:" + cluster.getNameNodePort());
        this.startMillis = startMillis;
    }

    /** The test JVM's HDFS, started on first use. */
    public static synchronized TestHdfs cluster() {
        if (started == null) {
            started = start();
            ShutdownHookManager.get().addShutdownHook(started::stop, SHUTDOWN_PRIORITY);
        }
        return started;
    }

    private static TestHdfs start() {
        long begin = System.nanoTime();
        long cpuBegin = processCpuNanos();
        Path baseDirectory;
        try {
            baseDirectory = Files.createTempDirectory("test-hdfs-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the test HDFS", e);
        }
        try {
            // Built with its DataNodes: the builder sets the replication (the NameNode's default for every
            // client) to their number.
            var cluster = new MiniDFSCluster.Builder(configuration(baseDirectory), baseDirectory.toFile())
                    .numDataNodes(DATANODES)
                    .build();
            cluster.waitActive();
            var hdfs = new TestHdfs(cluster, baseDirectory, (System.nanoTime() - begin) / 1_000_000);
            // Hadoop caches one client per NameNode and user, made with the settings of whoever asks first: the
            // cluster's own (replication 2), so that Spark's writes and the tests' are replicated alike.
            hdfs.fileSystem();
            LOG.info("Test HDFS started at {} ({} DataNodes) in {} ms, {} ms of CPU", hdfs.uri, DATANODES,
                    hdfs.startMillis, (processCpuNanos() - cpuBegin) / 1_000_000);
            return hdfs;
        } catch (IOException | RuntimeException e) {
            deleteRecursively(baseDirectory);
            throw new IllegalStateException("the test HDFS did not start: " + e, e);
        }
    }

    /** The CPU time of the whole JVM: on a busy machine, the wall-clock start time says little. */
    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean hotspot ? hotspot.getProcessCpuTime() : 0;
    }

    private static Configuration configuration(Path baseDirectory) {
        var conf = new HdfsConfiguration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDirectory.toString());
        // Hadoop's scratch space (by default /tmp/hadoop-<user>) and its web servers' (Jetty's, by default a
        // /tmp/jetty-* folder per server) stay inside the cluster's folder, deleted with it.
        conf.set("hadoop.tmp.dir", baseDirectory.resolve("tmp").toString());
        conf.set("hadoop.http.temp.dir", baseDirectory.resolve("http").toString());
        conf.setInt("dfs.replication", DATANODES);
        // Tests write a few kilobytes: small blocks and no background scanners, which would only cost CPU.
        conf.setLong("dfs.blocksize", 1024 * 1024);
        conf.setLong("dfs.namenode.fs-limits.min-block-size", 1024);
        conf.setInt("dfs.datanode.scan.period.hours", -1);
        // Hadoop's own default (1000) makes the DataNode warn that it is "above 1000": -1 is the same, no throttling.
        conf.setInt("dfs.datanode.directoryscan.throttle.limit.ms.per.sec", -1);
        conf.setInt("dfs.namenode.handler.count", 4);
        conf.setInt("dfs.datanode.handler.count", 2);
        // DataNodes report every second, so that the cluster is ready (and a restarted DataNode back) sooner.
        conf.setInt("dfs.heartbeat.interval", 1);
        // No web UI is looked at in a test: its servers still start (Hadoop needs them), on ephemeral ports, without
        // WebHDFS (no test uses its REST API).
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.setBoolean("dfs.webhdfs.enabled", false);
        return conf;
    }

    /** {@code hdfs://127.0.0.1:<port>}: the NameNode. */
    public URI uri() {
        return uri;
    }

    /** How long the cluster took to start, in this JVM (measured, for the benchmark and the report). */
    public long startMillis() {
        return startMillis;
    }

    /**
     * A new, empty folder for one test ({@code hdfs://127.0.0.1:<port>/test-<n>/<name>}), created: tests share the
     * cluster, never a folder.
     */
    public String newFolder(String name) {
        var folder = new org.apache.hadoop.fs.Path(uri.toString() + "/test-" + folders.incrementAndGet() + "/" + name);
        try {
            fileSystem().mkdirs(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + " on the test HDFS", e);
        }
        return folder.toString();
    }

    /** A client of the cluster (Hadoop's cached one: never close it). */
    public FileSystem fileSystem() {
        try {
            return FileSystem.get(uri, clientConfiguration);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the test HDFS at " + uri, e);
        }
    }

    /**
     * Stops one DataNode (the last one), as a crash would: its blocks are gone until it comes back. Closing the
     * returned handle restarts it and waits until the NameNode counts it again.
     */
    public StoppedDataNode stopDataNode() {
        var index = cluster.getDataNodes().size() - 1;
        var address = cluster.getDataNodes().get(index).getDatanodeId().getXferAddr();
        var properties = cluster.stopDataNode(index);
        LOG.info("Test HDFS: DataNode {} stopped", address);
        return new StoppedDataNode(cluster, properties);
    }

    /** DataNodes running now. */
    public int liveDataNodes() {
        return (int) cluster.getDataNodes().stream().filter(node -> node.isDatanodeUp()).count();
    }

    /**
     * An {@code hdfs://} URI where no NameNode listens (a port that was free a moment ago): to show what a client
     * does when the NameNode cannot be reached.
     */
    public static String unreachableUri(String path) {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "hdfs://127.0.0.1:" + socket.getLocalPort() + path;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    private void stop() {
        long begin = System.nanoTime();
        try {
            cluster.shutdown(true);
        } catch (RuntimeException e) {
            LOG.debug("Test HDFS: stopping failed", e);
        }
        deleteRecursively(baseDirectory);
        LOG.debug("Test HDFS stopped in {} ms", (System.nanoTime() - begin) / 1_000_000);
    }

    private static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(folder)) {
            entries.sorted(Comparator.reverseOrder()).forEach(entry -> entry.toFile().delete());
        } catch (IOException e) {
            LOG.debug("Test HDFS: cannot delete {}", folder, e);
        }
    }

    /** A DataNode stopped by {@link #stopDataNode()}; {@link #close()} starts it again. */
    public static final class StoppedDataNode implements AutoCloseable {
        private final MiniDFSCluster cluster;
        private final MiniDFSCluster.DataNodeProperties properties;

        private StoppedDataNode(MiniDFSCluster cluster, MiniDFSCluster.DataNodeProperties properties) {
            this.cluster = cluster;
            this.properties = properties;
        }

        /** Restarts the DataNode on its old ports and waits until the cluster is whole again. */
        @Override
        public void close() {
            try {
                cluster.restartDataNode(properties, true);
                cluster.waitActive();
            } catch (IOException e) {
                throw new UncheckedIOException("the stopped DataNode did not restart", e);
            }
        }
    }
}
