package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.model.io.ModelFile;

/** {@code train --replicas / --devices}: the same model as one replica up to rounding, the same bits run to run. */
class ReplicasCliTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void writeData() throws IOException {
        data = LearnableMnistFolder.write(Files.createDirectory(dir.resolve("data")));
    }

    private static Mlp train(String name, String... extra) throws IOException {
        Path out = dir.resolve(name);
        String[] base = {"train", "--backend", TestBackend.NAME, "--data-dir", data.toString(), "--split",
                LearnableMnistFolder.SPLIT, "--epochs", "2", "--batch-size", "20", "--no-figures", "--out", out.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(0, r.exitCode(), r.err());
        if (extra.length > 0) {
            assertTrue(r.out().contains("Replicas: 3 on one device, shards of 7+7+6 rows per minibatch"), r.out());
            String json = Files.readString(out.resolve(RunReport.JSON));
            assertEquals(3, JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("settings")
                    .get("replicas").getAsInt(), json);
        }
        return ModelFile.read(out.resolve(TrainCommand.MODEL_FILE)).model();
    }

    @Test
    void threeReplicasTrainTheModelOfOneUpToRoundingAndTheSameBitsEachRun() throws IOException {
        Mlp one = train("one");
        Mlp three = train("three", "--replicas", "3");
        Mlp again = train("again", "--replicas", "3");
        double worst = 0;
        double moved = 0;
        Mlp start = Mlp.initialize(one.sizes(), 123);
        for (int l = 0; l < one.layers(); l++) {
            assertArrayEquals(three.weights(l), again.weights(l), "layer " + (l + 1) + " run to run");
            assertArrayEquals(three.biases(l), again.biases(l), "layer " + (l + 1) + " run to run");
            for (int i = 0; i < one.weights(l).length; i++) {
                worst = Math.max(worst, Math.abs(one.weights(l)[i] - three.weights(l)[i]));
                moved = Math.max(moved, Math.abs(one.weights(l)[i] - start.weights(l)[i]));
            }
        }
        assertTrue(moved > 1e-3, "training moved the weights: " + moved);
        assertTrue(worst <= 1e-3 * moved, "3 replicas vs 1: largest difference " + worst + ", largest move " + moved);
    }

    private static void assertOneLineError(String expected, String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertNotEquals(0, r.exitCode());
        assertEquals("error: " + expected, r.errLines());
    }

    @Test
    void badReplicaOptionsGetOneLine() {
        assertOneLineError("--replicas 3 needs a --batch-size of at least 3 (one row per replica and step), got 2",
                "train", "--data-dir", data.toString(), "--replicas", "3", "--batch-size", "2");
        assertOneLineError("--replicas must be >= 1, got 0", "train", "--data-dir", data.toString(), "--replicas", "0");
        assertOneLineError("--device and --devices cannot be combined; list every device in --devices",
                "train", "--data-dir", data.toString(), "--devices", "0,1", "--device", "0");
        assertOneLineError("--devices names 2 devices for 1 replicas; give at least one replica per device",
                "train", "--data-dir", data.toString(), "--devices", "0,1", "--replicas", "1");
    }
}
