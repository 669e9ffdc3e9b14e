package dev.streaminglabs.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A folder that a file source watches, and the way to drop files into it: each file is written in a staging folder
 * next to it, then moved in with one atomic rename, so that the source never lists half a file.
 *
 * <pre>{@code
 * var inbox = DropFolder.in(tempDir);                 // tempDir/inbox, watched; tempDir/staging, not
 * var orders = spark.readStream().schema(schema).csv(inbox.path());
 * inbox.drop("orders-1.csv", """
 *         order_id,product,quantity
 *         A1,book,2
 *         """);
 * }</pre>
 *
 * This is how files should land in any folder a streaming job watches (the job's contract with whoever writes
 * there): a copy that takes a few seconds would otherwise be read while it is still growing.
 */
public final class DropFolder {

    private final Path folder;
    private final Path staging;

    private DropFolder(Path folder, Path staging) {
        this.folder = folder;
        this.staging = staging;
    }

    /** {@code parent/inbox}, watched, with its staging folder {@code parent/staging}; both created if needed. */
    public static DropFolder in(Path parent) {
        return in(parent, "inbox");
    }

    /** {@code parent/name}, watched, with its staging folder {@code parent/name-staging}. */
    public static DropFolder in(Path parent, String name) {
        try {
            var folder = Files.createDirectories(parent.resolve(name));
            var staging = Files.createDirectories(parent.resolve(name + "-staging"));
            return new DropFolder(folder, staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the drop folder in " + parent, e);
        }
    }

    /** The watched folder, as a path string for {@code readStream()...load(path)}. */
    public String path() {
        return folder.toString();
    }

    public Path folder() {
        return folder;
    }

    /** Writes {@code content} (UTF-8) to the staging folder, then moves it atomically into the watched folder. */
    public Path drop(String fileName, String content) {
        return drop(fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code content} to the staging folder, then moves it atomically into the watched folder. */
    public Path drop(String fileName, byte[] content) {
        try {
            var staged = Files.write(staging.resolve(fileName), content);
            return Files.move(staged, folder.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drop " + fileName + " into " + folder, e);
        }
    }
}
