package org.mlpengine.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlpengine.core.api.MlpEngine;
import org.mlpengine.core.api.Model;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.data.StratifiedSplit;
import org.mlpengine.core.data.TabularData;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.train.Metrics;
import org.mlpengine.core.train.TrainingListener;

/** The Java API's promises: listener calls, save/load equality, reproducibility, one-line errors. */
class ApiTest {
    @TempDir
    Path dir;

    /** Two classes: the sign of the first of three features. */
    private static Dataset twoClasses(int rows) {
        SplittableRandom rng = new SplittableRandom(3);
        byte[] x = new byte[rows * 3];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = i % 2;
            x[i * 3] = (byte) (y[i] == 0 ? rng.nextInt(0, 100) : rng.nextInt(156, 256));
            x[i * 3 + 1] = (byte) rng.nextInt(256);
            x[i * 3 + 2] = (byte) rng.nextInt(256);
        }
        return new Dataset(x, rows, 3, y, 2);
    }

    @Test
    void trainsSavesLoadsAndScoresTheSame() {
        Dataset data = twoClasses(400);
        Split parts = StratifiedSplit.split(data, 80, 80, 5);
        List<Integer> epochs = new ArrayList<>();
        Model model = MlpEngine.training().layers(3, 8, 2).split(parts).batchSize(20).learningRate(0.5f).epochs(15)
                .seed(9).backend("cpu").listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochResult r) {
                        epochs.add(r.epoch());
                    }
                }).run();
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), epochs);
        assertEquals(15, model.history().size());
        assertTrue(model.testMetrics().accuracy() > 0.9, model.testMetrics().toString());

        Path file = dir.resolve("m.mlpm");
        model.save(file);
        Model loaded = Model.load(file);
        assertArrayEquals(new int[]{3, 8, 2}, loaded.layers());
        Metrics again = loaded.evaluate("cpu", parts.test());
        assertEquals(model.testMetrics(), again);
        assertEquals(model.testMetrics(), loaded.testMetrics());
        int[] predicted = loaded.predict("cpu", parts.test());
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == parts.test().label(i) ? 1 : 0;
        }
        assertEquals(Math.round(again.accuracy() * predicted.length), right);
        assertEquals(predicted.length * 2, loaded.scores("cpu", parts.test()).length);

        Model twin = MlpEngine.training().layers(3, 8, 2).split(parts).batchSize(20).learningRate(0.5f).epochs(15)
                .seed(9).backend("cpu").run();
        assertEquals(model.history().get(14).trainMse(), twin.history().get(14).trainMse(), 0.0,
                "same settings, same backend: same bits");

        Model replicated = MlpEngine.training().layers(3, 8, 2).split(parts).batchSize(20).learningRate(0.5f)
                .epochs(15).seed(9).replicas(3).backend("cpu").run();
        assertEquals(model.history().get(14).trainMse(), replicated.history().get(14).trainMse(), 1e-4,
                "3 replicas train the model of one, up to rounding");
    }

    @Test
    void settingErrorsAreOneLine() {
        IllegalArgumentException noData = assertThrows(IllegalArgumentException.class,
                () -> MlpEngine.training().backend("cpu").run());
        assertEquals("no data: call data(Dataset) or split(Split)", noData.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> MlpEngine.training().layers(4, 2).data(twoClasses(100)).splitSizes(10, 10).backend("cpu").run());
        assertEquals("train data has 3 features per sample but the network's input layer has 4", shape.getMessage());
        IllegalArgumentException replicas = assertThrows(IllegalArgumentException.class,
                () -> MlpEngine.training().batchSize(2).replicas(3).data(twoClasses(100)).backend("cpu").run());
        assertEquals("3 replicas need a batch of at least 3 rows (one per replica), got 2", replicas.getMessage());
        BackendException unknown = assertThrows(BackendException.class, () -> MlpEngine.openBackend("tpu"));
        assertTrue(unknown.getMessage().startsWith("unknown backend 'tpu'; choose one of cpu, cuda, opencl or auto"),
                unknown.getMessage());
        assertFalse(unknown.getMessage().contains("\n"));
    }

    /** README's "Use it from Java" example, as printed there. */
    @Test
    void readmeExampleRuns() {
        Path iris = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv");
        Assumptions.assumeTrue(Files.isReadable(iris), "python3-sklearn's iris.csv is not installed: " + iris);
        Dataset data = TabularData.readCsv(iris, -1, true, 0).dataset(); // label in the last column
        Model model = MlpEngine.training()
                .layers(data.features(), 16, data.classes())
                .data(data).splitSizes(30, 30).batchSize(10).learningRate(0.5f).epochs(100)
                .backend("cpu")
                .run();
        System.out.println(model.testMetrics().accuracy());
        model.save(dir.resolve("iris.mlpm"));
        assertTrue(model.testMetrics().accuracy() >= 0.9);
        assertTrue(Files.isRegularFile(dir.resolve("iris.mlpm")));
    }
}
