package org.mlpengine.spark;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.mlpengine.cli.UserError;
import org.mlpengine.core.train.TrainingConfig;

/** The cartesian product of the swept values, in option order (learning rate outermost, seed innermost). */
public final class Grid {
    private Grid() {
    }

    /**
     * Every combination, each value checked first so a setting the model cannot take fails before any job.
     *
     * @throws UserError a list is empty or a value out of range
     */
    public static List<Setting> of(List<Float> learningRates, List<Integer> hidden, List<Integer> batchSizes,
                                   List<Integer> epochs, List<Long> seeds) {
        nonEmpty("--learning-rates", learningRates);
        nonEmpty("--hidden", hidden);
        nonEmpty("--batch-sizes", batchSizes);
        nonEmpty("--epochs", epochs);
        nonEmpty("--seeds", seeds);
        for (int h : hidden) {
            if (h <= 0) {
                throw new UserError("--hidden: a hidden layer needs at least one unit, got " + h);
            }
        }
        List<Setting> grid = new ArrayList<>();
        for (float lr : distinct(learningRates)) {
            for (int h : distinct(hidden)) {
                for (int b : distinct(batchSizes)) {
                    for (int e : distinct(epochs)) {
                        try {
                            TrainingConfig.checkHyperparameters(b, lr, e);
                        } catch (IllegalArgumentException ex) {
                            throw new UserError(ex.getMessage());
                        }
                        for (long s : distinct(seeds)) {
                            grid.add(new Setting(lr, h, b, e, s));
                        }
                    }
                }
            }
        }
        return grid;
    }

    private static void nonEmpty(String option, List<?> values) {
        if (values == null || values.isEmpty()) {
            throw new UserError("empty grid: " + option + " has no values (give a comma list, e.g. " + option + " 1,2)");
        }
    }

    private static <T> List<T> distinct(List<T> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }
}
