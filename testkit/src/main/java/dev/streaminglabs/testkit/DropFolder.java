package dev.streaminglabs.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A folder that a file source watches, and the way to drop files into it: each file is written in a staging folder
 * next to it, then moved in with one atomic rename, so that the source never lists half a file. The same on the
 * local disk and on HDFS: any folder Hadoop's {@code FileSystem} can reach ({@code /tmp/x}, {@code file:/tmp/x},
 * {@code hdfs://127.0.0.1:8020/x}).
 *
 * <pre>{@code
 * var inbox = DropFolder.in(tempDir);                 // tempDir/inbox, watched; tempDir/inbox-staging, not
 * var orders = spark.readStream().schema(schema).csv(inbox.path());
 * inbox.drop("orders-1.csv", """
 *         order_id,product,quantity
 *         A1,book,2
 *         """);
 *
 * var onHdfs = DropFolder.in(TestHdfs.cluster().newFolder("orders"), "inbox");   // the same, on HDFS
 * }</pre>
 *
 * This is how files should land in any folder a streaming job watches (the job's contract with whoever writes
 * there): a copy that takes a few seconds would otherwise be read while it is still growing. To show what goes wrong
 * otherwise, {@link #writeInPlace(String)} and {@link #copyLikeHdfsPut(String)} write the other ways.
 */
public final class DropFolder {

    /** The suffix {@code hdfs dfs -put} (and {@code -copyFromLocal}) gives a file until its copy is complete. */
    public static final String COPYING_SUFFIX = "._COPYING_";

    private final FileSystem fileSystem;
    private final Path folder;
    private final Path staging;
    private final String path;

    private DropFolder(FileSystem fileSystem, Path folder, Path staging, String path) {
        this.fileSystem = fileSystem;
        this.folder = folder;
        this.staging = staging;
        this.path = path;
    }

    /** {@code parent/inbox}, watched, with its staging folder {@code parent/inbox-staging}; both created if needed. */
    public static DropFolder in(java.nio.file.Path parent) {
        return in(parent, "inbox");
    }

    /** {@code parent/name}, watched, with its staging folder {@code parent/name-staging}. */
    public static DropFolder in(java.nio.file.Path parent, String name) {
        var local = parent.toAbsolutePath().resolve(name);
        return create(parent.toAbsolutePath().toUri().toString(), name, local.toString());
    }

    /**
     * {@code parent/name} on any Hadoop file system ({@code hdfs://host:port/folder}, {@code file:/folder}), watched,
     * with its staging folder {@code parent/name-staging}; both created if needed.
     */
    public static DropFolder in(String parent, String name) {
        return create(parent, name, null);
    }

    private static DropFolder create(String parent, String name, String localPath) {
        var parentPath = new Path(parent);
        var folder = new Path(parentPath, name);
        var staging = new Path(parentPath, name + "-staging");
        try {
            var fileSystem = fileSystemOf(parentPath.toUri());
            if (!fileSystem.mkdirs(folder) || !fileSystem.mkdirs(staging)) {
                throw new IOException("mkdirs refused");
            }
            var qualified = fileSystem.makeQualified(folder).toString();
            return new DropFolder(fileSystem, folder, staging, localPath != null ? localPath : qualified);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the drop folder " + folder, e);
        }
    }

    /**
     * Hadoop's client for that URI. On the local disk, the raw one: Hadoop's default local client would write a
     * hidden {@code .name.crc} checksum beside every file.
     */
    private static FileSystem fileSystemOf(URI uri) throws IOException {
        var conf = new Configuration();
        if (uri.getScheme() == null || "file".equals(uri.getScheme())) {
            return FileSystem.getLocal(conf).getRawFileSystem();
        }
        return FileSystem.get(uri, conf);
    }

    /**
     * The watched folder, as a path string for {@code readStream()...load(path)} or {@code textFileStream(path)}: a
     * local path for a folder on the local disk, the full URI ({@code hdfs://...}) otherwise.
     */
    public String path() {
        return path;
    }

    /** The watched folder on the local disk. */
    public java.nio.file.Path folder() {
        if (!"file".equals(fileSystem.getUri().getScheme())) {
            throw new IllegalStateException(path + " is not on the local disk: use path()");
        }
        return java.nio.file.Path.of(fileSystem.makeQualified(folder).toUri());
    }

    /** The staging folder beside the watched one, as a path string. */
    public String stagingPath() {
        return fileSystem.makeQualified(staging).toString();
    }

    /** The file system the folder is on (Hadoop's cached client: never close it). */
    public FileSystem fileSystem() {
        return fileSystem;
    }

    /**
     * Writes {@code content} (UTF-8) to the staging folder, then moves it atomically into the watched folder.
     *
     * @return the path of the file in the watched folder
     */
    public String drop(String fileName, String content) {
        return drop(fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code content} to the staging folder, then moves it atomically into the watched folder. */
    public String drop(String fileName, byte[] content) {
        var staged = new Path(staging, fileName);
        var target = new Path(folder, fileName);
        try {
            if (fileSystem.exists(target)) {
                // HDFS refuses to rename onto a file, the local disk replaces it: the same answer on both.
                throw new IOException("there is a file of that name in the folder already");
            }
            try (var out = fileSystem.create(staged, false)) {
                out.write(content);
            }
            if (!fileSystem.rename(staged, target)) {
                throw new IOException("the rename was refused");
            }
            return fileSystem.makeQualified(target).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drop " + fileName + " into " + path, e);
        }
    }

    /**
     * The wrong way, to show what it does: a file created in the watched folder itself and written bit by bit, as a
     * program that writes its output where it will be read would do. The stream may list it while it is incomplete.
     */
    public FileBeingWritten writeInPlace(String fileName) {
        return open(new Path(folder, fileName), null);
    }

    /**
     * What {@code hdfs dfs -put} does: the copy is written in the watched folder under the name
     * {@code fileName._COPYING_}, then renamed to {@code fileName} when complete. A stream that does not skip the
     * {@code ._COPYING_} name reads the file twice: once while it is copied, once renamed.
     */
    public FileBeingWritten copyLikeHdfsPut(String fileName) {
        return open(new Path(folder, fileName + COPYING_SUFFIX), new Path(folder, fileName));
    }

    private FileBeingWritten open(Path file, Path renameTo) {
        try {
            return new FileBeingWritten(fileSystem, file, renameTo, fileSystem.create(file, false));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    /** A file still being written in the watched folder: {@link #write}, {@link #flush}, then {@link #finish}. */
    public static final class FileBeingWritten implements AutoCloseable {
        private final FileSystem fileSystem;
        private final Path file;
        private final Path renameTo;
        private final FSDataOutputStream out;
        private boolean finished;

        private FileBeingWritten(FileSystem fileSystem, Path file, Path renameTo, FSDataOutputStream out) {
            this.fileSystem = fileSystem;
            this.file = file;
            this.renameTo = renameTo;
            this.out = out;
        }

        /** Appends {@code text} (UTF-8); a reader sees it only after {@link #flush()} or {@link #finish()}. */
        public FileBeingWritten write(String text) {
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to " + file, e);
            }
        }

        /** Makes what was written so far visible to readers (HDFS's {@code hflush}), the file still open. */
        public FileBeingWritten flush() {
            try {
                out.hflush();
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot flush " + file, e);
            }
        }

        /** Closes the file (and, for a copy, renames it to its final name). */
        public void finish() {
            if (finished) {
                return;
            }
            finished = true;
            try {
                out.close();
                if (renameTo != null && !fileSystem.rename(file, renameTo)) {
                    throw new IOException("the rename to " + renameTo + " was refused");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot finish " + file, e);
            }
        }

        @Override
        public void close() {
            finish();
        }
    }
}
