package org.mlpengine.spark;

import java.io.Serializable;

import org.mlpengine.core.model.EpochResult;

/** The engine's {@link EpochResult} as a task sends it to the driver (EpochResult is not Serializable). */
public record EpochStats(int epoch, double trainMse, double trainAccuracy, double validMse, double validAccuracy,
                         double trainSeconds, double epochSeconds, long trainSamples) implements Serializable {
    private static final long serialVersionUID = 1L;

    static EpochStats of(EpochResult r) {
        return new EpochStats(r.epoch(), r.trainMse(), r.trainAccuracy(), r.validMse(), r.validAccuracy(),
                r.trainSeconds(), r.epochSeconds(), r.trainSamples());
    }

    EpochResult toResult() {
        return new EpochResult(epoch, trainMse, trainAccuracy, validMse, validAccuracy, trainSeconds, epochSeconds,
                trainSamples);
    }
}
