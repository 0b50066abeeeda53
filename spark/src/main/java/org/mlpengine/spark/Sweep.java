package org.mlpengine.spark;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.mlpengine.cli.UserError;

/** A grid of settings trained as one Spark job: one task per setting, results in grid order. */
public final class Sweep {
    private Sweep() {
    }

    public static List<SweepResult> run(JavaSparkContext sc, List<Setting> settings, SweepSpec spec) {
        if (settings.isEmpty()) {
            throw new UserError("empty grid: nothing to train");
        }
        sc.setJobDescription("mlp-engine sweep: " + settings.size() + " settings");
        return sc.parallelize(settings, settings.size()).map(s -> SweepTask.train(s, spec)).collect();
    }
}
