package dev.streaminglabs.watch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * What watch mode remembers between sessions, per lab and mode, in the lab's {@code target/watch/}: the last verdict
 * of each step with a fingerprint of the step's files at that moment (so that a step done yesterday whose file was
 * edited since shows as "changed since"), and how many hints of each step were shown.
 */
final class Progress {

    private final WatchOptions options;
    private final Path file;
    private final Properties values = new Properties();

    private Progress(WatchOptions options, Path file) {
        this.options = options;
        this.file = file;
    }

    static Progress load(WatchOptions options) {
        var progress = new Progress(options, options.workFolder().resolve("progress-" + options.mode() + ".properties"));
        if (Files.isRegularFile(progress.file)) {
            try (InputStream in = Files.newInputStream(progress.file)) {
                progress.values.load(in);
            } catch (IOException | IllegalArgumentException unreadable) {
                progress.values.clear();   // a damaged memory is forgotten, not fatal
            }
        }
        return progress;
    }

    /** The last verdict of the step, if it ever ran in watch mode. */
    Optional<StepVerdict.Status> verdict(Step step) {
        var value = values.getProperty("step." + step.number() + ".verdict");
        try {
            return Optional.ofNullable(value).map(StepVerdict.Status::valueOf);
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    /** Whether the step's files changed since its last verdict. */
    boolean changedSince(Step step) {
        var remembered = values.getProperty("step." + step.number() + ".files");
        return remembered != null && !remembered.equals(fingerprint(step));
    }

    /** Done, and its files unchanged since. */
    boolean isDone(Step step) {
        return verdict(step).orElse(null) == StepVerdict.Status.DONE && !changedSince(step);
    }

    void record(Step step, StepVerdict.Status verdict) {
        values.setProperty("step." + step.number() + ".verdict", verdict.name());
        values.setProperty("step." + step.number() + ".files", fingerprint(step));
    }

    int hintsShown(Step step) {
        return Integer.parseInt(values.getProperty("step." + step.number() + ".hints", "0"));
    }

    void hintShown(Step step) {
        values.setProperty("step." + step.number() + ".hints", String.valueOf(hintsShown(step) + 1));
    }

    void hintsReset(Step step) {
        values.remove("step." + step.number() + ".hints");
    }

    void save() {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                values.store(out, "Watch mode's memory of " + options.labName() + " in " + options.mode()
                        + " mode: each step's last verdict and a fingerprint of its files then");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A SHA-256 of the step's files as they are now, in the active source folder. */
    String fingerprint(Step step) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            for (var relative : step.files()) {
                var source = options.sources().resolve(relative);
                digest.update(relative.toString().replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (Files.isRegularFile(source)) {
                    digest.update(Files.readAllBytes(source));
                }
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
