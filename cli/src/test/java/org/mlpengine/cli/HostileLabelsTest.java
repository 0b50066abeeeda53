package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.model.io.ModelFile;
import org.mlpengine.core.model.io.ModelInfo;
import org.mlpengine.core.model.io.SavedModel;

/** Labels outside the output layer's size are refused with their position, in one line, by the command line. */
class HostileLabelsTest {
    @TempDir
    Path dir;

    private Path model(int outputs) {
        int[] sizes = {784, 20, outputs};
        ModelInfo info = new ModelInfo(ModelInfo.MODEL, sizes, ModelInfo.SIGMOID, ModelInfo.Input.mnist(784),
                new ModelInfo.Training(100, 0.1f, 1, 5, 300, 200, "00000000", "cpu", "[0] test"), 1, List.of(),
                new ModelInfo.TestMetrics(0.1, 0.1), "mlp-engine test", "2026-11-29T00:00:00Z");
        Path f = dir.resolve("m" + outputs + ".mlpm");
        ModelFile.write(f, new SavedModel(Mlp.initialize(sizes, 3), info));
        return f;
    }

    /** A hand-made model with 5 outputs evaluated on digits 0..9: the first digit 5 is named, not an index error. */
    @Test
    void evaluatingLabelsBeyondTheModelsOutputsNamesTheFirstOne() throws IOException {
        String data = LearnableMnistFolder.write(Files.createDirectory(dir.resolve("data"))).toString();
        CliRunner.Result r = CliRunner.run("evaluate", "--backend", "cpu", "--model", model(5).toString(),
                "--data-dir", data);
        List<String> errors = r.errLines().lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, r.exitCode(), r.err());
        assertEquals(1, errors.size(), r.err());
        assertTrue(errors.get(0).matches("error: the data: label [5-9] at position \\d+ is outside the network's 5 "
                + "outputs \\(0\\.\\.4\\)"), errors.get(0));
        assertTrue(r.errLines().lines().allMatch(l -> l.startsWith("error:") || l.startsWith("note:")), r.err());
    }

    /** A label file holding 200 is refused while loading, with the file and position, before any model runs. */
    @Test
    void labelTwoHundredInALabelFileIsRefusedWithItsPosition() throws IOException {
        Path data = LearnableMnistFolder.write(Files.createDirectory(dir.resolve("data")));
        Path labels = data.resolve("t10k-labels-idx1-ubyte");
        byte[] b = Files.readAllBytes(labels);
        b[8 + 123] = (byte) 200;
        Files.write(labels, b);
        for (String[] args : new String[][] {
                {"evaluate", "--backend", "cpu", "--model", model(10).toString(), "--data-dir", data.toString()},
                {"train", "--backend", "cpu", "--data-dir", data.toString(), "--split", LearnableMnistFolder.SPLIT,
                        "--epochs", "1", "--out", dir.resolve("run").toString()}}) {
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(1, r.exitCode(), r.err());
            assertEquals(1, r.errLines().lines().count(), r.err());
            assertTrue(r.errLines().startsWith("error: ") && r.errLines().contains("label 200 at position 123"),
                    r.errLines());
        }
    }
}
