package dev.streaminglabs.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads back what {@code saveAsTextFiles(prefix, suffix)} wrote: one folder per batch, named
 * {@code <prefix>-<batch time in ms>.<suffix>}, holding {@code part-*} files and a {@code _SUCCESS} marker.
 */
public final class SavedBatches {

    private SavedBatches() {
    }

    /** Each saved batch's time (ms) with all the lines of its part files, sorted so that tests can compare them. */
    public static Map<Long, List<String>> read(Path prefix, String suffix) {
        var parent = prefix.toAbsolutePath().getParent();
        var start = prefix.getFileName() + "-";
        var end = suffix == null || suffix.isEmpty() ? "" : "." + suffix;
        var batches = new TreeMap<Long, List<String>>();
        try (Stream<Path> folders = Files.list(parent)) {
            for (var folder : folders.filter(Files::isDirectory).toList()) {
                var name = folder.getFileName().toString();
                if (name.startsWith(start) && name.endsWith(end)) {
                    var time = Long.parseLong(name.substring(start.length(), name.length() - end.length()));
                    batches.put(time, linesOfParts(folder));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + parent, e);
        }
        return batches;
    }

    /** Whether Spark finished writing the folder: it writes {@code _SUCCESS} last. */
    public static boolean isComplete(Path batchFolder) {
        return Files.exists(batchFolder.resolve("_SUCCESS"));
    }

    private static List<String> linesOfParts(Path folder) throws IOException {
        var lines = new ArrayList<String>();
        try (Stream<Path> parts = Files.list(folder)) {
            for (var part : parts.filter(path -> path.getFileName().toString().startsWith("part-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
            }
        }
        lines.sort(null);
        return lines;
    }
}
