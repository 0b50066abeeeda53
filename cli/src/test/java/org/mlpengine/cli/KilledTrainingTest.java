package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.io.ModelFile;
import org.mlpengine.core.model.io.ModelInfo;
import org.mlpengine.core.model.io.SavedModel;

/**
 * {@code train --checkpoint-every 1} in a real child JVM, killed with SIGKILL at random moments: after every
 * kill the checkpoint is a complete, loadable checkpoint of the epochs its header names, and a run resumed from
 * the last one ends with exactly the weights of a run that was never killed. Leftover temporary files are hidden {@code .tmp} files, never a second {@code .mlpm}.
 */
class KilledTrainingTest {
    private static final int ROUNDS = Integer.getInteger("kill.rounds", 3);
    private static final long SEED = Long.getLong("kill.seed", 7L);

    @TempDir
    Path dir;

    @Test
    void killedTrainingLeavesALoadableCheckpointThatResumes() throws Exception {
        String data = LearnableMnistFolder.write(Files.createDirectory(dir.resolve("data"))).toString();
        Path run = dir.resolve("run");
        Path checkpoint = run.resolve(TrainCommand.CHECKPOINT_FILE);
        SplittableRandom rng = new SplittableRandom(SEED);
        List<String> report = new ArrayList<>();
        int epochs = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<String> args = new ArrayList<>(List.of("train", "--backend", "cpu", "--data-dir", data,
                    "--checkpoint-every", "1", "--quiet"));
            if (round == 0) {
                args.addAll(List.of("--split", LearnableMnistFolder.SPLIT, "--epochs", "1000", "--hidden", "200",
                        "--out", run.toString()));
            } else {
                args.addAll(List.of("--resume", checkpoint.toString()));
            }
            Process p = ChildJvm.builder(List.of(), List.of(), Main.class.getName(), args.toArray(String[]::new))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(dir.resolve("child-" + round + ".err").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            int before = epochs;
            while (System.nanoTime() < deadline && p.isAlive() && epochsIn(checkpoint) <= before) {
                Thread.sleep(20);
            }
            assertTrue(p.isAlive(), "the child ended early: " + Files.readString(dir.resolve("child-" + round + ".err")));
            Thread.sleep(rng.nextInt(800));
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));

            SavedModel ck = ModelFile.read(checkpoint);
            assertEquals(ModelInfo.CHECKPOINT, ck.info().kind());
            assertTrue(ck.info().epochsCompleted() > before, "round " + round + ": no progress");
            assertEquals(ck.info().epochsCompleted(), ck.info().history().size());
            epochs = ck.info().epochsCompleted();
            List<String> others;
            try (var s = Files.list(run)) {
                others = s.map(f -> f.getFileName().toString()).filter(n -> n.contains(TrainCommand.CHECKPOINT_FILE)
                        && !n.equals(TrainCommand.CHECKPOINT_FILE)).toList();
            }
            for (String n : others) {
                assertTrue(n.startsWith(".") && n.endsWith(".tmp"), "stray file that could pass for a checkpoint: " + n);
            }
            report.add("round " + round + ": killed (exit " + p.exitValue() + "), checkpoint after epoch " + epochs
                    + " loads, " + others.size() + " temp file(s) left");
        }
        // The last checkpoint resumes to one more epoch and a saved model, with exactly the weights of a run of as
        // many epochs that was never killed.
        Path resumed = dir.resolve("resumed");
        String total = String.valueOf(epochs + 1);
        CliRunner.Result r = CliRunner.run("train", "--backend", "cpu", "--data-dir", data, "--resume",
                checkpoint.toString(), "--epochs", total, "--out", resumed.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        SavedModel done = ModelFile.read(resumed.resolve(TrainCommand.MODEL_FILE));
        assertEquals(epochs + 1, done.info().epochsCompleted());
        CliRunner.Result w = CliRunner.run("train", "--backend", "cpu", "--data-dir", data, "--split", LearnableMnistFolder.SPLIT,
                "--epochs", total, "--hidden", "200", "--out", dir.resolve("whole").toString(), "--quiet");
        assertEquals(0, w.exitCode(), w.err());
        SavedModel whole = ModelFile.read(dir.resolve("whole").resolve(TrainCommand.MODEL_FILE));
        ResumeTest.assertBitEqual(whole.model(), done.model());
        assertEquals(whole.info().history().stream().map(EpochResult::trainMse).toList(),
                done.info().history().stream().map(EpochResult::trainMse).toList(), "training MSE per epoch");
        report.forEach(l -> System.out.println("[kill train] " + l));
        System.out.println("[kill train] resumed after epoch " + epochs + " to " + total
                + ": bit-identical to an uninterrupted run of " + total + " epochs");
    }

    private static int epochsIn(Path checkpoint) {
        if (!Files.exists(checkpoint)) {
            return 0;
        }
        try {
            return ModelFile.read(checkpoint).info().epochsCompleted();
        } catch (RuntimeException e) {
            throw new AssertionError("the checkpoint could not be read while the run was alive: " + e.getMessage(), e);
        }
    }
}
