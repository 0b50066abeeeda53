package org.mlpengine.core.train;

/**
 * Training produced a non-finite loss (the learning rate is too high, usually). Thrown at the end of the
 * epoch where it happened, before that epoch is reported, so listeners (and checkpoints) keep the last good state.
 */
public class TrainingDivergedException extends RuntimeException {
    private final int epoch;

    public TrainingDivergedException(int epoch, String message) {
        super(message);
        this.epoch = epoch;
    }

    /** The 1-based epoch whose loss was not finite. */
    public int epoch() {
        return epoch;
    }
}
