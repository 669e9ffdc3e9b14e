package dev.streaminglabs.common;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks a folder before a stream watches it, on the local disk or on HDFS, and says clearly what is wrong.
 *
 * <p>Spark's file sources never fail on a bad folder: a DStream file source logs a warning at every batch ("No
 * directory to scan", "Error finding new files") and reads nothing, forever. A stream that starts on a folder that
 * does not exist, or on a NameNode that does not answer, is a stream that silently loses everything. This check runs
 * once, before the stream starts, and fails in seconds: {@link LocalSpark#conf(String)} caps Hadoop's connection
 * retries, which would otherwise last minutes.
 */
public final class WatchedFolder {

    private WatchedFolder() {
    }

    /**
     * Checks that {@code folder} ({@code /data/in}, {@code file:/data/in}, {@code hdfs://host:port/data/in}) exists,
     * is a folder and can be listed, with the Hadoop settings {@code conf} (Spark's:
     * {@code sparkContext.hadoopConfiguration()}).
     *
     * @throws IllegalArgumentException naming the folder and what to do, if it cannot be watched
     */
    public static void require(Configuration conf, String folder) {
        var path = new Path(folder);
        try {
            var fileSystem = FileSystem.get(path.toUri(), conf);
            var status = fileSystem.getFileStatus(path);
            if (!status.isDirectory()) {
                throw new IllegalArgumentException(
                        "%s is a file, not a folder: a file stream watches a folder for new files".formatted(folder));
            }
            fileSystem.listStatus(path);
        } catch (FileNotFoundException missing) {
            throw new IllegalArgumentException("""
                    there is no folder %s: create it first (hdfs dfs -mkdir -p, or mkdir -p). A file stream does \
                    not create the folder it watches; it would only log a warning at every batch."""
                    .formatted(folder), missing);
        } catch (ConnectException unreachable) {
            throw new IllegalArgumentException("""
                    cannot reach the NameNode of %s (%s): is HDFS running at %s, and is that its address (the \
                    host:port of fs.defaultFS in core-site.xml)?"""
                    .formatted(folder, reason(unreachable), authorityOf(path.toUri())), unreachable);
        } catch (IOException other) {
            throw new IllegalArgumentException("cannot list the folder %s: %s".formatted(folder, other), other);
        }
    }

    /** "connection refused", without Hadoop's "Call From host to host failed on..." and its wiki link. */
    private static String reason(ConnectException unreachable) {
        var message = String.valueOf(unreachable.getMessage());
        return message.contains("Connection refused") ? "connection refused" : message.lines().findFirst().orElse("");
    }

    private static String authorityOf(URI uri) {
        return uri.getAuthority() != null ? uri.getAuthority() : "(no host in the URI)";
    }
}
