package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.model.io.ModelFile;
import org.mlpengine.core.model.io.ModelInfo;
import org.mlpengine.core.model.io.SavedModel;

/**
 * Numerical faults end to end: a run whose weights turn NaN stops at that epoch with one {@code error:} line
 * naming the epoch and the first bad value, exits non-zero, writes no model, and leaves the checkpoint of the
 * last good epoch intact and loadable.
 */
class DivergenceTest {
    /** 1,200 training samples / batch 100 = 12 steps of 2 weight updates: update 49 is epoch 3's first. */
    private static final int UPDATES_PER_EPOCH = 24;

    @TempDir
    Path dir;

    @Test
    void aNaNInTheWeightsStopsTheRunWithOneLineAndKeepsTheLastGoodCheckpoint() throws Exception {
        String data = LearnableMnistFolder.write(Files.createDirectory(dir.resolve("data"))).toString();
        Path services = dir.resolve("services");
        Files.createDirectories(services.resolve("META-INF/services"));
        Files.writeString(services.resolve("META-INF/services/" + BackendProvider.class.getName()),
                PoisoningBackendProvider.class.getName() + "\n");
        Path run = dir.resolve("run");

        ChildJvm.Result r = ChildJvm.run(120, List.of("-Dpoison.update=" + (2 * UPDATES_PER_EPOCH + 1)),
                List.of(services), Main.class.getName(), "train", "--backend", PoisoningBackendProvider.NAME,
                "--data-dir", data, "--split", LearnableMnistFolder.SPLIT, "--epochs", "5", "--seed", "5",
                "--checkpoint-every", "1", "--out", run.toString());
        System.out.println("[divergence] exit " + r.exitCode() + ", stderr: " + r.errLines());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertEquals(1, r.errLines().size(), "one error line, no stack trace: " + r.err());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("error: training diverged in epoch 3: "), line);
        assertTrue(line.contains("first bad value: layer ") && line.contains("= NaN"), line);
        assertTrue(r.out().contains("Epoch: 002/005"), r.out());
        assertFalse(r.out().contains("Epoch: 003/005"), r.out());

        Path checkpoint = run.resolve(TrainCommand.CHECKPOINT_FILE);
        SavedModel kept = ModelFile.read(checkpoint);
        assertEquals(ModelInfo.CHECKPOINT, kept.info().kind());
        assertEquals(2, kept.info().epochsCompleted());
        assertFalse(Files.exists(run.resolve(TrainCommand.MODEL_FILE)), "a diverged run must not save a model");
        try (var files = Files.list(run)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
        }

        // The kept checkpoint holds exactly the weights of a clean 2-epoch run.
        Path clean = dir.resolve("clean");
        CliRunner.Result c = CliRunner.run("train", "--backend", "cpu", "--data-dir", data, "--split",
                LearnableMnistFolder.SPLIT, "--epochs", "2", "--seed", "5", "--checkpoint-every", "1", "--out",
                clean.toString(), "--quiet");
        assertEquals(0, c.exitCode(), c.err());
        Mlp want = ModelFile.read(clean.resolve(TrainCommand.CHECKPOINT_FILE)).model();
        for (int l = 0; l < want.layers(); l++) {
            assertArrayEquals(want.weights(l), kept.model().weights(l), "layer " + (l + 1) + " weights");
            assertArrayEquals(want.biases(l), kept.model().biases(l), "layer " + (l + 1) + " biases");
        }
    }

    /**
     * A learning rate of 1e30 does not make this network's loss non-finite: the first step drives every
     * sigmoid into saturation, where {@code a (1 - a)} is exactly 0 and training stops moving. Either way the
     * run must end cleanly: it completes, or it stops with one diverged line.
     */
    @Test
    void anAbsurdLearningRateEndsCleanly() throws IOException {
        String data = LearnableMnistFolder.write(Files.createDirectory(dir.resolve("data"))).toString();
        for (String lr : new String[] {"1e30", "3.4e38"}) {
            CliRunner.Result r = CliRunner.run("train", "--backend", "cpu", "--data-dir", data, "--split",
                    LearnableMnistFolder.SPLIT, "--epochs", "2", "--learning-rate", lr, "--out", dir.resolve("lr" + lr)
                            .toString(), "--quiet");
            System.out.println("[divergence] --learning-rate " + lr + ": exit " + r.exitCode() + ", "
                    + (r.exitCode() == 0 ? r.out().trim() : r.errLines()));
            if (r.exitCode() != 0) {
                assertEquals(1, r.exitCode());
                assertTrue(r.errLines().startsWith("error: training diverged in epoch ")
                        && !r.errLines().contains("\n"), r.errLines());
            }
        }
    }
}
