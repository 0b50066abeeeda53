package org.mlpengine.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlpengine.core.api.MlpEngine;
import org.mlpengine.core.api.Model;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.model.io.ModelFile;

/** A sweep trains each setting exactly as a standalone run of the engine's API does, one Spark task per setting. */
class SweepTest {
    private static final SyntheticSource DATA = new SyntheticSource(400, 40, 4, 17);
    private static final SweepSpec SPEC = new SweepSpec(DATA, 60, 60, new DeviceRequest("cpu", null, 0, 0), false);
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = LocalSpark.start("SweepTest");
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void everySettingEqualsItsStandaloneRunBitForBit(@TempDir Path tmp) throws IOException {
        List<Setting> grid = Grid.of(List.of(0.2f, 1.0f), List.of(6, 12), List.of(16), List.of(3), List.of(5L));
        List<SweepResult> results = Sweep.run(sc, grid, SPEC);
        assertEquals(grid.size(), results.size());
        Dataset all = DATA.load();
        for (int i = 0; i < grid.size(); i++) {
            Setting s = grid.get(i);
            SweepResult r = results.get(i);
            assertEquals(s, r.setting(), "results come back in grid order");
            assertEquals(SweepResult.OK, r.status(), r.error());
            Model alone = MlpEngine.training().layers(all.features(), s.hidden(), all.classes()).data(all)
                    .splitSizes(60, 60).batchSize(s.batchSize()).learningRate(s.learningRate())
                    .epochs(s.epochs()).seed(s.seed()).backend("cpu").run();
            assertEquals(alone.testMetrics().accuracy(), r.testAccuracy(), s.toString());
            assertEquals(alone.testMetrics().mse(), r.testMse(), s.toString());
            assertEquals(alone.history().size(), r.history().size());
            for (int e = 0; e < r.history().size(); e++) {
                var want = alone.history().get(e);
                var got = r.history().get(e);
                assertEquals(want.trainMse(), got.trainMse(), s + " epoch " + (e + 1));
                assertEquals(want.trainAccuracy(), got.trainAccuracy(), s + " epoch " + (e + 1));
                assertEquals(want.validMse(), got.validMse(), s + " epoch " + (e + 1));
                assertEquals(want.validAccuracy(), got.validAccuracy(), s + " epoch " + (e + 1));
            }
            Path mine = tmp.resolve(i + "-sweep.mlpm");
            Files.write(mine, r.modelFile());
            Path theirs = tmp.resolve(i + "-alone.mlpm");
            alone.save(theirs);
            Mlp a = ModelFile.read(theirs).model();
            Mlp b = ModelFile.read(mine).model();
            for (int l = 0; l < a.layers(); l++) {
                assertArrayEquals(a.weights(l), b.weights(l), s + " layer " + (l + 1) + " weights");
                assertArrayEquals(a.biases(l), b.biases(l), s + " layer " + (l + 1) + " biases");
            }
        }
        // The settings trained to different ends: the comparison above is not between copies of one run.
        assertTrue(results.stream().mapToDouble(SweepResult::validMse).distinct().count() > 1);
    }

    @Test
    void aSettingTheDataCannotTakeIsAFailedResultAndTheOthersFinish(@TempDir Path out) throws IOException {
        List<Setting> grid = Grid.of(List.of(0.5f), List.of(6), List.of(16, 5000), List.of(1), List.of(5L));
        List<SweepResult> results = Sweep.run(sc, grid, SPEC);
        assertEquals(SweepResult.OK, results.get(0).status());
        assertEquals(SweepResult.FAILED, results.get(1).status());
        assertTrue(results.get(1).error().contains("batch size 5000 is larger than the 280 training samples"),
                results.get(1).error());

        List<String> written = new SweepReport(results, SPEC, sc.master(), 1.0).write(out, true);
        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("| 1 | 0.5 | 6 | 16 | 1 | 5 |"), md);
        assertTrue(md.contains("| failed |"), md);
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, csv.size(), "header and one line per setting");
        String json = Files.readString(out.resolve(grid.get(0).slug()).resolve("run.json"));
        assertTrue(json.contains("\"status\": \"ok\""), json);
        assertTrue(Files.size(out.resolve(grid.get(0).slug()).resolve("model.mlpm")) > 0);
        assertTrue(written.contains("valid-accuracy-vs-batch-size.png") || written.size() == 3,
                "a plot, or (without AWT) nothing beyond the tables: " + written);
    }
}
