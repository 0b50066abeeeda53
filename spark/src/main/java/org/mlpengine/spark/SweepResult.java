package org.mlpengine.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What one sweep task sends back: its setting, how training ended, the metrics, where it ran and the trained model
 * file's bytes (so the driver can write it, wherever the executor was).
 *
 * @param status     {@link #OK}, {@link #DIVERGED} (the weights became NaN or infinite) or {@link #FAILED} (the
 *                   setting does not fit the data, e.g. a batch larger than the training part)
 * @param error      one line, for DIVERGED and FAILED; null when OK
 * @param history    one entry per epoch (empty unless OK)
 * @param seconds    wall time of the run (upload, training, evaluation), without loading the data
 * @param modelFile  the {@code .mlpm} file's bytes; empty unless OK
 */
public record SweepResult(Setting setting, String status, String error, List<EpochStats> history, double testMse,
                          double testAccuracy, double seconds, String backend, String device, String host,
                          byte[] modelFile) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String OK = "ok";
    public static final String DIVERGED = "diverged";
    public static final String FAILED = "failed";

    public boolean ok() {
        return OK.equals(status);
    }

    /** The last epoch's validation accuracy (0..1), NaN when the run did not finish. */
    public double validAccuracy() {
        return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).validAccuracy();
    }

    /** The last epoch's validation MSE, NaN when the run did not finish. */
    public double validMse() {
        return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).validMse();
    }
}
