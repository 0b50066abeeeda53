package org.mlpengine.core.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlpengine.core.model.Mlp;

/**
 * A process killed with SIGKILL ({@link Process#destroyForcibly()}) while it writes checkpoints leaves the
 * previous checkpoint intact: after each kill the file reads back, checksum and all, as exactly one of the
 * versions that were written, the newest one finished or the one being written when the kill came. Temporary
 * files a killed write leaves behind are hidden dot-files ending in {@code .tmp}, never mistaken for a
 * checkpoint. The kill moments are random from a fixed seed, every other one a few milliseconds after a write
 * began, and at least one kill must land inside a write; {@code -Dkill.rounds=N} for more.
 */
class CheckpointKillTest {
    private static final int ROUNDS = Integer.getInteger("kill.rounds", 6);
    private static final long SEED = Long.getLong("kill.seed", 20261129L);

    @TempDir
    Path dir;

    @Test
    void sigkillDuringCheckpointWritesLeavesAValidCheckpoint() throws Exception {
        Path file = dir.resolve("checkpoint" + ModelFile.EXTENSION);
        SplittableRandom rng = new SplittableRandom(SEED);
        int next = 1;
        int midWrite = 0;
        List<String> report = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    CheckpointWriterMain.class.getName(), file.toString(), String.valueOf(next))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            AtomicReference<String> last = new AtomicReference<>("");
            List<String> lines = new CopyOnWriteArrayList<>(); // appended by the reader thread, read here
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                        last.set(line);
                    }
                } catch (IOException e) {
                    // the pipe closes when the child dies
                }
            });
            // Let it finish at least one write in this round, then kill it at a random moment.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lines.stream().noneMatch(l -> l.startsWith("wrote ")) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("wrote ")), "the child wrote nothing: " + lines);
            if (round % 2 == 0) {
                Thread.sleep(rng.nextInt(400));
            } else {
                // Aim at a write: a few milliseconds after the child announces the next one (a write takes tens).
                int seen = lines.size();
                while (System.nanoTime() < deadline && !begunSince(lines, seen)) {
                    Thread.onSpinWait();
                }
                Thread.sleep(rng.nextInt(4));
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child did not die");
            reader.get(10, TimeUnit.SECONDS);

            int lastWrote = lines.stream().filter(l -> l.startsWith("wrote ")).mapToInt(l -> Integer.parseInt(l.substring(6)))
                    .max().orElseThrow();
            boolean inWrite = last.get().startsWith("begin ");
            midWrite += inWrite ? 1 : 0;

            SavedModel got = ModelFile.read(file); // throws if the file is torn
            int v = got.info().epochsCompleted();
            assertTrue(v == lastWrote || (inWrite && v == lastWrote + 1),
                    "round " + round + ": the file holds version " + v + " but the child last finished " + lastWrote
                            + (inWrite ? " and was writing " + (lastWrote + 1) : ""));
            assertBitEqual(CheckpointWriterMain.version(v), got);
            List<Path> temps;
            try (var s = Files.list(dir)) {
                temps = s.filter(f -> !f.equals(file)).toList();
            }
            for (Path t : temps) {
                String n = t.getFileName().toString();
                assertTrue(n.startsWith(".") && n.endsWith(".tmp") && !n.endsWith(ModelFile.EXTENSION),
                        "stray file that could pass for a checkpoint: " + n);
            }
            report.add(String.format("round %d: killed after %s (exit %d), file holds version %d, %d temp file(s)",
                    round, last.get(), p.exitValue(), v, temps.size()));
            next = v + 1;
        }
        System.out.println("[kill] " + ROUNDS + " SIGKILLs (seed " + SEED + "), " + midWrite + " of them inside a write:");
        report.forEach(r -> System.out.println("[kill]   " + r));
        assertTrue(midWrite >= 1, "no kill landed inside a write, so the test showed nothing about torn writes");
    }

    /** Whether a {@code begin} line came after the first {@code seen} lines. */
    private static boolean begunSince(List<String> lines, int seen) {
        for (int i = seen; i < lines.size(); i++) {
            if (lines.get(i).startsWith("begin ")) {
                return true;
            }
        }
        return false;
    }

    private static void assertBitEqual(SavedModel want, SavedModel got) {
        assertEquals(want.info(), got.info());
        Mlp w = want.model();
        Mlp g = got.model();
        for (int l = 0; l < w.layers(); l++) {
            assertArrayEquals(w.weights(l), g.weights(l), "layer " + l);
            assertArrayEquals(w.biases(l), g.biases(l), "layer " + l);
        }
    }
}
