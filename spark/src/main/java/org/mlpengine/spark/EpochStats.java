package org.mlpengine.spark;

import java.io.Serializable;

import org.mlpengine.core.model.EpochResult;

/** One epoch's metrics as a task sends them to the driver (the engine's EpochResult is not Serializable). */
public record EpochStats(int epoch, double trainMse, double trainAccuracy, double validMse, double validAccuracy,
                         double seconds) implements Serializable {
    private static final long serialVersionUID = 1L;

    static EpochStats of(EpochResult r) {
        return new EpochStats(r.epoch(), r.trainMse(), r.trainAccuracy(), r.validMse(), r.validAccuracy(),
                r.epochSeconds());
    }
}
