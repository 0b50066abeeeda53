package org.mlpengine.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The folder a training run writes its report, figures and checkpoints to. */
final class RunFolder {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunFolder() {
    }

    /** A new folder {@code runs/YYYYMMDD-HHMMSS} (with a suffix if two runs start in the same second). */
    static Path createTimestamped(Path parent) {
        String stamp = STAMP.format(LocalDateTime.now());
        try {
            Files.createDirectories(parent);
            for (int i = 0; ; i++) {
                Path dir = parent.resolve(i == 0 ? stamp : stamp + "-" + i);
                try {
                    return Files.createDirectory(dir);
                } catch (FileAlreadyExistsException e) {
                    // another run took this name; try the next suffix
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(parent + ": cannot create the run folder: " + e.getMessage(), e);
        }
    }

    /** Creates {@code dir} (and parents) if needed. */
    static Path ensure(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot create the run folder: " + e.getMessage(), e);
        }
    }
}
