package org.mlpengine.core.model;

/**
 * What one epoch produced. MSE is the true mean of the squared error over every evaluated sample and
 * output (the seed divides its sum of batch means by one fewer than the number of batches).
 *
 * @param epoch         1-based epoch number
 * @param trainSeconds  wall time of the training pass (all minibatch steps)
 * @param epochSeconds  wall time of the training pass plus the two evaluation passes
 * @param trainSamples  samples the training pass stepped through
 */
public record EpochResult(int epoch, double trainMse, double trainAccuracy, double validMse, double validAccuracy,
                          double trainSeconds, double epochSeconds, long trainSamples) {

    /** Training samples per second of the training pass. */
    public double samplesPerSecond() {
        return trainSamples / trainSeconds;
    }
}
