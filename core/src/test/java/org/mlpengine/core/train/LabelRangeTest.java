package org.mlpengine.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.model.Mlp;

/** Labels with no output unit are refused before anything reaches a backend, naming their position. */
class LabelRangeTest {
    private static Dataset data(int rows, int classes, int badAt, int badLabel) {
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % Math.min(classes, 10);
        }
        if (badAt >= 0) {
            labels[badAt] = badLabel;
        }
        return new Dataset(new byte[rows * 4], rows, 4, labels, classes);
    }

    @Test
    void twelveClassesOnTenOutputsNamesTheFirstLabelWithoutAnOutput() {
        TrainingConfig config = new TrainingConfig(new int[] {4, 3, 10}, 5, 0.1f, 1, 1);
        Mlp model = Mlp.initialize(config.sizes(), 1);
        Split split = new Split(data(40, 12, 17, 11), data(10, 10, -1, 0), data(10, 10, -1, 0));
        // The checks run before the backend is touched, so none is needed here.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer((Backend) null, config, split, model));
        assertEquals("train data: label 11 at position 17 is outside the network's 10 outputs (0..9)", e.getMessage());

        Split validBad = new Split(data(40, 10, -1, 0), data(10, 12, 3, 10), data(10, 10, -1, 0));
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer((Backend) null, config, validBad, model));
        assertEquals("validation data: label 10 at position 3 is outside the network's 10 outputs (0..9)",
                e.getMessage());
    }

    @Test
    void moreDeclaredClassesThanOutputsIsStillRefusedWhenEveryLabelFits() {
        TrainingConfig config = new TrainingConfig(new int[] {4, 3, 10}, 5, 0.1f, 1, 1);
        Split split = new Split(data(40, 12, -1, 0), data(10, 10, -1, 0), data(10, 10, -1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer((Backend) null, config, split, Mlp.initialize(config.sizes(), 1)));
        assertEquals("train data has 12 classes but the network's output layer has 10", e.getMessage());
    }

    @Test
    void labelCheckNamesPositionAndRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.checkLabels("the data", data(300, 256, 250, 200), 10));
        assertEquals("the data: label 200 at position 250 is outside the network's 10 outputs (0..9)", e.getMessage());
        Trainer.checkLabels("the data", data(300, 10, -1, 0), 10);
    }
}
