package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.model.io.ModelFile;
import org.mlpengine.core.model.io.ModelInfo;
import org.mlpengine.core.model.io.SavedModel;

/** A bad model file gives one line on stderr that names the file and says what is wrong. */
class ModelFileErrorsTest {
    @TempDir
    static Path dir;
    static byte[] good;

    @BeforeAll
    static void writeAModel() throws IOException {
        Mlp m = Mlp.initialize(new int[] {784, 50, 10}, 1);
        ModelInfo info = new ModelInfo(ModelInfo.MODEL, m.sizes(), ModelInfo.SIGMOID, ModelInfo.Input.mnist(784),
                new ModelInfo.Training(100, 0.1f, 0, 1, 10000, 5000, "0", "cpu", "test"), 0, null, null, "t", "t");
        Path f = dir.resolve("good.mlpm");
        ModelFile.write(f, new SavedModel(m, info));
        good = Files.readAllBytes(f);
    }

    private static String error(byte[] content, String name) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        for (String[] args : new String[][] {{"evaluate", "--model", f.toString()},
                {"predict", "--model", f.toString(), "x.png"}, {"export", "--model", f.toString(), "--npz", "x.npz"}}) {
            CliRunner.Result r = CliRunner.run(args);
            assertNotEquals(0, r.exitCode());
            assertEquals(1, r.errLines().lines().count(), r.err());
        }
        return CliRunner.run("evaluate", "--model", f.toString()).errLines();
    }

    @Test
    void truncated() throws IOException {
        Path f = dir.resolve("truncated.mlpm");
        assertEquals("error: " + f + ": truncated: layers [784, 50, 10] need " + good.length + " bytes, the file has "
                + good.length / 2, error(Arrays.copyOf(good, good.length / 2), "truncated.mlpm"));
    }

    @Test
    void notAModel() throws IOException {
        assertEquals("error: " + dir.resolve("train-images-idx3-ubyte") + ": not an mlp-engine model file (no .mlpm magic header)",
                error(new byte[] {0, 0, 8, 3, 0, 0, 0, 1}, "train-images-idx3-ubyte"));
    }

    @Test
    void corrupted() throws IOException {
        byte[] b = good.clone();
        b[b.length / 2] ^= 1;
        String err = error(b, "flipped.mlpm");
        assertEquals("error: " + dir.resolve("flipped.mlpm") + ": checksum mismatch", err.substring(0, err.indexOf(" (")));
    }

    @Test
    void newerVersion() throws IOException {
        byte[] b = good.clone();
        b[8] = 7;
        assertEquals("error: " + dir.resolve("v7.mlpm") + ": model format version 7 is not supported (this build reads versions 1 and 2)",
                error(b, "v7.mlpm"));
    }
}
