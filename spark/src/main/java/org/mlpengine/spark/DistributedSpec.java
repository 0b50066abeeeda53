package org.mlpengine.spark;

import java.io.Serializable;

import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.model.RandomScheme;
import org.mlpengine.core.train.TrainingConfig;

/**
 * One data-parallel run: the data and its split, the network and its settings, how many barrier tasks share each
 * minibatch and how often they average their parameters.
 *
 * @param tasks        barrier tasks (replicas); each minibatch is cut into this many shards
 * @param averageEvery local steps between parameter averages (1: synchronous SGD); every epoch also ends with one
 * @param exchange     how the tasks exchange their parameters
 */
public record DistributedSpec(DataSource data, int splitTest, int splitValid, int hidden, int batchSize,
                              float learningRate, int epochs, long seed, boolean numpyCompat, int tasks,
                              int averageEvery, DeviceRequest device, ExchangeSpec exchange)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    RandomScheme scheme() {
        return numpyCompat ? RandomScheme.NUMPY : RandomScheme.ENGINE;
    }

    int[] sizes(Dataset all) {
        return new int[] {all.features(), hidden, all.classes()};
    }

    TrainingConfig config(Dataset all) {
        return new TrainingConfig(sizes(all), batchSize, learningRate, epochs, seed, scheme());
    }

    /** The split every task and the driver draw alike from the run's seed. */
    Split split(Dataset all) {
        return scheme().split(all, splitTest, splitValid, seed);
    }
}
