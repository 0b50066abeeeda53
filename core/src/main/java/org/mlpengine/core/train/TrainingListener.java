package org.mlpengine.core.train;

import org.mlpengine.core.model.EpochResult;

/** Receives progress from a {@link Trainer}. Every method has an empty default. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {
    };

    /** Called now and then inside an epoch with the number of minibatch steps enqueued so far. */
    default void onProgress(int epoch, int stepsDone, int stepsTotal) {
    }

    /** Called once after each epoch's evaluation. */
    default void onEpoch(EpochResult result) {
    }
}
