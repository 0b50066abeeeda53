package org.mlpengine.core.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFailedWriteKeepsTheOldFileWholeAndCleansUp() throws IOException {
        Path f = dir.resolve("model.mlpm");
        AtomicFiles.write(f, "good".getBytes());
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[100_000]); // half of a new file is already out when the writer dies
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("good", Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void createsMissingFoldersAndReadablePermissions() throws IOException {
        Path f = dir.resolve("a/b/report.md");
        AtomicFiles.write(f, "x".getBytes());
        assertEquals("x", Files.readString(f));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void aSuccessfulWriteRemovesTemporaryFilesOfKilledWrites() throws IOException {
        Path f = dir.resolve("checkpoint.mlpm");
        Path leftover = Files.createFile(dir.resolve(".checkpoint.mlpm.123456.tmp"));
        Path otherTarget = Files.createFile(dir.resolve(".model.mlpm.99.tmp"));
        AtomicFiles.write(f, "new".getBytes());
        assertEquals("new", Files.readString(f));
        assertEquals(false, Files.exists(leftover), "leftover of a killed write of the same file");
        assertEquals(true, Files.exists(otherTarget), "another target's temporary file is not ours to delete");
    }
}
