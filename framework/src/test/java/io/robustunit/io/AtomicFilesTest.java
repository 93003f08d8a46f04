package io.robustunit.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReplacesLeavingNoTemporaryFile() throws Exception {
        Path file = dir.resolve("a/b/out.json");

        AtomicFiles.writeString(file, "first");
        AtomicFiles.writeString(file, "second é");

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("second é");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aFailingWriterLeavesTheOldContentAndNoTemporaryFile() throws Exception {
        Path file = dir.resolve("out.json");
        AtomicFiles.writeString(file, "intact");

        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
                    out.write("half".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("disk full");
                }))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("could not write " + file)
                .hasMessageContaining("disk full");

        assertThat(Files.readString(file)).isEqualTo("intact");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aDirectoryIsNotOverwritten() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));

        assertThatThrownBy(() -> AtomicFiles.writeString(sub, "x"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("it is a directory");
    }

    @Test
    void sha256OfAKnownContent() throws Exception {
        Path file = dir.resolve("abc.txt");
        Files.writeString(file, "abc");

        assertThat(FileDigests.sha256(file))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThatThrownBy(() -> FileDigests.sha256(dir.resolve("missing")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void aNewFileIsReadableByOthersAndAReplacedOneKeepsItsPermissions(@TempDir Path dir) throws IOException {
        Path fresh = dir.resolve("fresh.json");
        AtomicFiles.writeString(fresh, "{}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
                .isEqualTo("rw-r--r--");

        Path existing = dir.resolve("existing.json");
        Files.writeString(existing, "old");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.writeString(existing, "new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)))
                .isEqualTo("rw-rw----");
    }
}
