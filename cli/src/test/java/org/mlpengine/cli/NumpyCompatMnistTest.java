package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlpengine.core.data.DataCache;
import org.mlpengine.core.data.MnistFetcher;
import org.mlpengine.core.model.RandomScheme;
import org.mlpengine.core.model.io.ModelFile;

/**
 * {@code train --numpy-compat} on real MNIST follows the book's NumPy run epoch by epoch: the golden trajectory
 * {@code numpy-float32-trajectory.json} was written by scripts/numpy-reference/golden-trajectory.sh (the book's
 * code, float32). The full 50 epochs take too long for every build; the first epochs already differ by several
 * points between two random schemes, so they tell the book's split, weights and order from any other.
 */
class NumpyCompatMnistTest {
    /** Agreement asked of every epoch's accuracies, in percentage points: float32 rounding, not another run. */
    static final double TOLERANCE_POINTS = 0.3;
    private static final int EPOCHS = 3;
    private static final Pattern TEST_ACC = Pattern.compile("Test accuracy: (\\d+\\.\\d\\d)%");

    @TempDir
    Path runs;

    @Test
    void firstEpochsFollowTheBooksNumpyRunAndEvaluateUsesTheSameSplit() throws IOException {
        JsonObject golden = golden();
        JsonArray goldenTrain = golden.getAsJsonArray("trainAccuracyPercent");
        JsonArray goldenValid = golden.getAsJsonArray("validAccuracyPercent");
        Path data = new MnistFetcher().ensure(DataCache.defaultDir(), System.err::println);
        Path out = runs.resolve("numpy");
        CliRunner.Result r = CliRunner.run("train", "--backend", "cpu", "--numpy-compat", "--epochs",
                String.valueOf(EPOCHS), "--json", "--data-dir", data.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());

        List<JsonObject> epochs = r.out().lines().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(o -> o.get("type").getAsString().equals("epoch")).toList();
        assertEquals(EPOCHS, epochs.size(), r.out());
        for (JsonObject e : epochs) {
            int i = e.get("epoch").getAsInt() - 1;
            double train = 100 * e.get("trainAccuracy").getAsDouble();
            double valid = 100 * e.get("validAccuracy").getAsDouble();
            System.out.printf(java.util.Locale.ROOT, "epoch %d: train %.4f (NumPy %.4f), valid %.4f (NumPy %.4f)%n",
                    i + 1, train, goldenTrain.get(i).getAsDouble(), valid, goldenValid.get(i).getAsDouble());
            assertEquals(goldenTrain.get(i).getAsDouble(), train, TOLERANCE_POINTS, "training accuracy, epoch " + (i + 1));
            assertEquals(goldenValid.get(i).getAsDouble(), valid, TOLERANCE_POINTS, "validation accuracy, epoch " + (i + 1));
        }

        Path model = out.resolve(TrainCommand.MODEL_FILE);
        assertEquals(RandomScheme.NUMPY, ModelFile.read(model).info().training().scheme());
        String runJson = Files.readString(out.resolve(RunReport.JSON));
        assertTrue(runJson.contains("\"randomScheme\": \"numpy\""), runJson);

        double trained = 100 * r.out().lines().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(o -> o.get("type").getAsString().equals("result")).findFirst().orElseThrow()
                .get("testAccuracy").getAsDouble();
        CliRunner.Result ev = CliRunner.run("evaluate", "--backend", "cpu", "--model", model.toString(),
                "--data-dir", data.toString());
        assertEquals(0, ev.exitCode(), ev.err());
        Matcher m = TEST_ACC.matcher(ev.out());
        assertTrue(m.find(), ev.out());
        assertEquals(String.format(java.util.Locale.ROOT, "%.2f", trained), m.group(1),
                "evaluate scores the test part of the split the model was trained with");
        assertTrue(ev.out().contains("NumPy-compatible split"), ev.out());
    }

    static JsonObject golden() throws IOException {
        try (InputStream in = NumpyCompatMnistTest.class.getResourceAsStream("numpy-float32-trajectory.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }
}
