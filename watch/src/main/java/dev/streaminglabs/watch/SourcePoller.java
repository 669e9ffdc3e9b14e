package dev.streaminglabs.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Notices saved source files by looking at them ten times a second: the modification time and size of every
 * {@code .java} file of a few small folders. Polling a lab's twenty files costs nothing, behaves the same on Linux,
 * macOS (where the JDK's WatchService itself polls, every 2 to 10 s) and Windows, and sees the editors that save by
 * writing a temporary file and renaming it. A change is reported once the files have stopped changing for a moment,
 * so that a save written in two steps is compiled once, complete.
 */
final class SourcePoller implements Runnable {

    private static final long POLL_MILLIS = 100;
    private static final long SETTLE_MILLIS = 50;

    /** Files that changed (or appeared, or disappeared), and when the latest of them was saved. */
    record Change(Set<Path> files, long savedAtMillis) {
    }

    private record Stamp(long modifiedMillis, long size) {
    }

    private final List<Path> folders;
    private final Consumer<Change> onChange;
    private volatile boolean running = true;

    SourcePoller(List<Path> folders, Consumer<Change> onChange) {
        this.folders = List.copyOf(folders);
        this.onChange = onChange;
    }

    void start() {
        var thread = new Thread(this, "watch-sources");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        var known = scan();
        while (running) {
            pause(POLL_MILLIS);
            var now = scan();
            if (now.equals(known)) {
                continue;
            }
            for (var settled = false; !settled; ) {    // wait until the editor has finished writing
                pause(SETTLE_MILLIS);
                var again = scan();
                settled = again.equals(now);
                now = again;
            }
            var changed = new HashSet<Path>();
            long savedAt = 0;
            for (var entry : now.entrySet()) {
                if (!Objects.equals(known.get(entry.getKey()), entry.getValue())) {
                    changed.add(entry.getKey());
                    savedAt = Math.max(savedAt, entry.getValue().modifiedMillis());
                }
            }
            for (var file : known.keySet()) {
                if (!now.containsKey(file)) {
                    changed.add(file);
                }
            }
            known = now;
            onChange.accept(new Change(Set.copyOf(changed), savedAt > 0 ? savedAt : System.currentTimeMillis()));
        }
    }

    private Map<Path, Stamp> scan() {
        Map<Path, Stamp> stamps = new HashMap<>();
        for (var folder : folders) {
            List<Path> files;
            try {
                files = LabSteps.javaFiles(folder);
            } catch (java.io.UncheckedIOException changing) {   // a file vanished during the listing: look again
                pause(SETTLE_MILLIS);
                return scan();
            }
            for (var file : files) {
                try {
                    stamps.put(file, new Stamp(Files.getLastModifiedTime(file).toMillis(), Files.size(file)));
                } catch (IOException vanished) {
                    // deleted between the listing and now: absent
                }
            }
        }
        return stamps;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
