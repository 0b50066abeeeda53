package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.model.RandomScheme;
import org.mlpengine.core.model.io.ModelFile;
import org.mlpengine.core.model.io.ModelInfo;
import org.mlpengine.core.model.io.SavedModel;
import org.mlpengine.core.testing.Required;

/** A run resumed from a checkpoint ends with exactly the weights of the run that was never interrupted, on cpu and opencl. */
class ResumeTest {
    @TempDir
    Path dir;

    private CliRunner.Result train(String backend, String... extra) {
        String[] base = {"train", "--backend", backend, "--split", LearnableMnistFolder.SPLIT, "--epochs", "3",
                "--seed", "5"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(0, r.exitCode(), r.err());
        return r;
    }

    /**
     * On every backend README promises it for (opencl skipped where missing, failing where the run requires it), and
     * with the book's scheme too: its epoch order depends on every draw before it, so the resumed run replays them.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"cpu, ENGINE", "opencl, ENGINE", "cpu, NUMPY", "opencl, NUMPY"})
    void resumedRunEndsBitForBitWhereTheUninterruptedOneDid(String backend, RandomScheme scheme) throws IOException {
        Required.backend(backend);
        String data = LearnableMnistFolder.write(Files.createDirectory(dir.resolve("data"))).toString();
        Path whole = dir.resolve("whole");
        Path first = dir.resolve("first");
        Path resumed = dir.resolve("resumed");
        String mode = scheme == RandomScheme.NUMPY ? "--numpy-compat" : "--quiet";
        train(backend, "--data-dir", data, "--out", whole.toString(), mode);
        // Checkpoints after epoch 2 only: as if the run had died during epoch 3.
        train(backend, "--data-dir", data, "--out", first.toString(), "--checkpoint-every", "2", mode);
        Path checkpoint = first.resolve(TrainCommand.CHECKPOINT_FILE);
        SavedModel ck = ModelFile.read(checkpoint);
        assertEquals(ModelInfo.CHECKPOINT, ck.info().kind());
        assertEquals(2, ck.info().epochsCompleted());

        CliRunner.Result r = CliRunner.run("train", "--backend", backend, "--data-dir", data,
                "--resume", checkpoint.toString(), "--out", resumed.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, r.out().lines().filter(l -> l.startsWith("Epoch: 003/003")).count(), r.out());
        assertEquals(0, r.out().lines().filter(l -> l.startsWith("Epoch: 001") || l.startsWith("Epoch: 002")).count());

        SavedModel a = ModelFile.read(whole.resolve(TrainCommand.MODEL_FILE));
        SavedModel b = ModelFile.read(resumed.resolve(TrainCommand.MODEL_FILE));
        assertEquals(scheme, ck.info().training().scheme());
        assertEquals(scheme, b.info().training().scheme(), "the resumed run keeps the checkpoint's scheme");
        assertBitEqual(a.model(), b.model());
        assertBitEqual(a.model(), ModelFile.read(first.resolve(TrainCommand.MODEL_FILE)).model());
        // The resumed model carries the whole history, the checkpoint's epochs first.
        assertEquals(List.of(1, 2, 3), b.info().history().stream().map(EpochResult::epoch).toList());
        assertEquals(ck.info().history(), b.info().history().subList(0, 2));
        assertEquals(a.info().test(), b.info().test());
        // The checkpoint differs from the final weights, so the comparison above can fail.
        assertTrue(!java.util.Arrays.equals(ck.model().weights(0), a.model().weights(0)));
    }

    @Test
    void resumeRefusesConflictingSettings() throws IOException {
        String data = LearnableMnistFolder.write(Files.createDirectory(dir.resolve("data"))).toString();
        Path run = dir.resolve("run");
        train(TestBackend.NAME, "--data-dir", data, "--out", run.toString(), "--checkpoint-every", "1");
        Path checkpoint = run.resolve(TrainCommand.CHECKPOINT_FILE);
        CliRunner.Result r = CliRunner.run("train", "--backend", TestBackend.NAME, "--data-dir", data,
                "--resume", checkpoint.toString(), "--learning-rate", "0.5");
        assertEquals(1, r.exitCode());
        assertEquals("error: --learning-rate 0.5 conflicts with " + checkpoint + ", which was trained with 0.1",
                r.errLines());
    }

    @Test
    void resumeRefusesAnotherRandomScheme() throws IOException {
        String data = LearnableMnistFolder.write(Files.createDirectory(dir.resolve("data"))).toString();
        Path run = dir.resolve("run");
        train(TestBackend.NAME, "--data-dir", data, "--out", run.toString(), "--checkpoint-every", "1");
        Path checkpoint = run.resolve(TrainCommand.CHECKPOINT_FILE);
        CliRunner.Result r = CliRunner.run("train", "--backend", TestBackend.NAME, "--data-dir", data,
                "--resume", checkpoint.toString(), "--numpy-compat");
        assertEquals(1, r.exitCode());
        assertEquals("error: --numpy-compat true conflicts with " + checkpoint + ", which was trained with false",
                r.errLines());
    }

    /** Every weight and bias of {@code b} has exactly the bits of {@code a}'s. */
    static void assertBitEqual(Mlp a, Mlp b) {
        for (int l = 0; l < a.layers(); l++) {
            assertArrayEquals(bits(a.weights(l)), bits(b.weights(l)), "weights of layer " + (l + 1));
            assertArrayEquals(bits(a.biases(l)), bits(b.biases(l)), "biases of layer " + (l + 1));
        }
    }

    private static int[] bits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }
}
