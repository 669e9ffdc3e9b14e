package dev.streaminglabs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropFolderTest {

    @TempDir
    Path tempDir;

    @Test
    void aDroppedFileIsInTheFolderWholeAndTheStagingFolderIsEmpty() throws IOException {
        var inbox = DropFolder.in(tempDir);

        inbox.drop("orders-1.csv", "A1,book\n");

        assertThat(inbox.path()).isEqualTo(tempDir.resolve("inbox").toString());
        assertThat(Files.readString(tempDir.resolve("inbox/orders-1.csv"))).isEqualTo("A1,book\n");
        assertThat(entries(tempDir.resolve("inbox-staging"))).isEmpty();
    }

    @Test
    void onTheLocalDiskNoChecksumFileIsWritten() throws IOException {
        var inbox = DropFolder.in(tempDir, "logs");

        inbox.drop("a.txt", "one\n");

        assertThat(entries(tempDir.resolve("logs"))).containsExactly("a.txt");
    }

    @Test
    void aFileOfTheSameNameIsNotReplaced() {
        var inbox = DropFolder.in(tempDir);
        inbox.drop("a.txt", "first\n");

        assertThatThrownBy(() -> inbox.drop("a.txt", "second\n")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("a.txt");
    }

    @Test
    void aCopyLikeHdfsPutHasItsCopyingNameUntilItIsFinished() throws IOException {
        var inbox = DropFolder.in(tempDir);

        var copy = inbox.copyLikeHdfsPut("report.txt").write("half\n").flush();
        assertThat(entries(tempDir.resolve("inbox"))).containsExactly("report.txt._COPYING_");
        copy.write("rest\n").finish();

        assertThat(entries(tempDir.resolve("inbox"))).containsExactly("report.txt");
        assertThat(Files.readString(tempDir.resolve("inbox/report.txt"))).isEqualTo("half\nrest\n");
    }

    private static java.util.List<String> entries(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
