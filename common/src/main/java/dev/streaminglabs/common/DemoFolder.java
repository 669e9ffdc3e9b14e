package dev.streaminglabs.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Where a demo writes (its input, output and checkpoints): the folder given with {@code --dir}, kept for a second
 * run to continue from; or else a new temporary folder, deleted when the demo ends, even on Ctrl-C (the demo stops
 * in order, then closes it) or a quick exit (a shutdown hook).
 *
 * <pre>{@code
 * try (var folder = DemoFolder.of(demo.options().text("dir"), "lab05-")) {
 *     var checkpoint = folder.path().resolve("checkpoint");
 *     ...
 * }
 * }</pre>
 */
public final class DemoFolder implements AutoCloseable {

    private final Path path;
    private final boolean temporary;
    private final Thread deleteOnCtrlC;

    private DemoFolder(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
        // A second Ctrl-C (quit at once) ends the JVM without the demo's finally blocks, but with the shutdown hooks.
        this.deleteOnCtrlC = temporary ? new Thread(this::delete, "delete-" + path.getFileName()) : null;
        if (temporary) {
            Runtime.getRuntime().addShutdownHook(deleteOnCtrlC);
        }
    }

    /**
     * The folder {@code dir} (created if missing) when it is not null; else a new temporary folder whose name starts
     * with {@code prefix}.
     */
    public static DemoFolder of(String dir, String prefix) {
        try {
            return dir != null
                    ? new DemoFolder(Files.createDirectories(Path.of(dir).toAbsolutePath()), false)
                    : new DemoFolder(Files.createTempDirectory(prefix), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo's folder " + (dir != null ? dir : prefix + "*"), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Whether the folder is the demo's own temporary one, deleted at the end (no {@code --dir} given). */
    public boolean temporary() {
        return temporary;
    }

    /** Deletes a temporary folder and says so; says where a given folder is kept. */
    @Override
    public void close() {
        if (!temporary) {
            System.out.println("Kept in " + path + ": run again with --dir " + path + " to continue from there.");
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(deleteOnCtrlC);
        } catch (IllegalStateException shuttingDown) {
            return;   // the hook is running or about to: it deletes the folder
        }
        delete();
    }

    private void delete() {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (var entry : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
            System.out.println("Deleted the temporary folder " + path + " (--dir DIR keeps what the demo writes).");
        } catch (IOException | UncheckedIOException e) {
            System.out.println("Could not delete all of the temporary folder " + path + ": " + e);
        }
    }
}
