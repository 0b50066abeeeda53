package org.mlpengine.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What one barrier task sends back. Every task ends with the same averaged parameters; only rank 0 sends them and
 * the per-epoch metrics (it evaluates after each epoch's last average).
 *
 * @param parameters   {@link ParameterCodec} text of the final parameters (rank 0), else null
 * @param roundSeconds wall time of each averaging round: download, exchange (which waits for the slowest task),
 *                     upload
 * @param exchangeSeconds the exchange alone in each round: encoding, sending, averaging, receiving, decoding (with
 *                     {@code allgather} about 1 s, as Spark 4.2's barrier calls check for their answer once a second)
 */
public record WorkerResult(int rank, String parameters, List<EpochStats> history, double[] roundSeconds,
                           double[] exchangeSeconds, String backend, String device, String host) implements Serializable {
    private static final long serialVersionUID = 1L;
}
