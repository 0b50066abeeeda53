package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} on a Java runtime as small as a jlinked one may be: no {@code java.desktop} (AWT, so no figures)
 * and no {@code jdk.management} (no allocation counters). The run completes, prints its test accuracy first and
 * then one warning line for the figures, and writes its model, run.json and report.md.
 */
class MinimalRuntimeTest {
    /** What training itself needs; the child JVM sees no other module. */
    static final String MODULES = "java.base,java.logging,java.net.http,jdk.unsupported,jdk.incubator.vector";

    @TempDir
    Path dir;

    @Test
    void trainingWithoutAwtOrManagementCompletesWithOneWarning() throws Exception {
        Path data = LearnableMnistFolder.write(Files.createDirectory(dir.resolve("data")));
        Path run = dir.resolve("run");
        Path log = dir.resolve("train.log");
        // stdout and stderr in one file, so the order of the result and the warning shows.
        Process p = ChildJvm.builder(List.of("--limit-modules", MODULES), List.of(), Main.class.getName(), "train",
                        "--backend", TestBackend.NAME, "--data-dir", data.toString(), "--split", LearnableMnistFolder.SPLIT,
                        "--epochs", "3", "--out", run.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM finished");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.contains("incubator")).toList();
        String all = String.join("\n", lines);
        assertEquals(0, p.exitValue(), all);
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Exception")), all);

        int result = indexOf(lines, "Test accuracy: ");
        List<String> warnings = lines.stream().filter(l -> l.startsWith("warning:")).toList();
        assertEquals(1, warnings.size(), all);
        assertTrue(warnings.get(0).startsWith("warning: figures not drawn (java.lang.NoClassDefFoundError: java/awt/"),
                warnings.get(0));
        assertTrue(result >= 0 && result < lines.indexOf(warnings.get(0)), "test accuracy before the warning:\n" + all);

        assertTrue(Files.exists(run.resolve(TrainCommand.MODEL_FILE)), "model written");
        assertEquals(0, JsonParser.parseString(Files.readString(run.resolve(RunReport.JSON))).getAsJsonObject()
                .getAsJsonArray("figures").size());
        assertTrue(Files.readString(run.resolve(RunReport.MARKDOWN)).contains("**Test accuracy: "));
        try (var files = Files.list(run)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".png")).toList());
        }
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
