package org.mlpengine.core.train;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.Resources;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.model.Mlp;

/**
 * Synchronous data-parallel SGD over in-process replicas. Each step cuts the minibatch into {@link Shards}; every
 * replica enqueues its shard's gradient, scaled by its share of the rows; the host then downloads them, adds them
 * in replica order (so a run is bit-identical to the next), applies the update to its copy of the parameters and
 * uploads that copy to every replica, which keeps the copies identical.
 *
 * <p>All replicas enqueue before any download, so replicas on different devices compute at the same time; replicas
 * on one backend instance share its copy of the training rows and row order.
 */
final class ReplicaGroup implements AutoCloseable {
    private final Shards shards;
    private final int batch;
    private final float learningRate;
    private final List<Replica> replicas = new ArrayList<>();
    /** The training rows and row order on each backend instance but the first (the trainer owns those). */
    private final Map<Backend, DeviceRows> rowsByBackend = new IdentityHashMap<>();
    private final Mlp parameters;
    private final Mlp[] gradients;
    /** stepRows[k][s]: replica k's shard of step s, a view of its row order made once (steps allocate nothing). */
    private final DeviceInts[][] stepRows;

    private record DeviceRows(DeviceDataset train, DeviceInts order) implements AutoCloseable {
        @Override
        public void close() {
            Resources.closeAll(order, train);
        }
    }

    /**
     * Replica {@code k} runs on {@code backends.get(k)}; the first shares {@code primaryTrain} and {@code
     * primaryOrder} with the trainer and also serves its forward-only passes of up to {@code evalRows} rows. An
     * epoch has {@code steps} minibatches.
     */
    ReplicaGroup(List<Backend> backends, TrainingConfig config, Dataset trainData, DeviceDataset primaryTrain,
                 DeviceInts primaryOrder, Mlp start, int evalRows, int steps) {
        this.batch = config.batchSize();
        this.shards = Shards.split(batch, backends.size());
        this.learningRate = config.learningRate();
        this.parameters = start.copy();
        this.gradients = new Mlp[backends.size()];
        this.stepRows = new DeviceInts[backends.size()][steps];
        Backend primary = backends.get(0);
        try {
            for (int k = 0; k < backends.size(); k++) {
                Backend b = backends.get(k);
                DeviceRows rows = b == primary ? new DeviceRows(primaryTrain, primaryOrder)
                        : rowsByBackend.computeIfAbsent(b, x -> upload(x, trainData));
                // Each replica's buffers are exactly its shard's rows, so its steps make no views.
                Replica r = new Replica(b, config, rows.train(), rows.order(), start, shards.size(k),
                        k == 0 ? evalRows : shards.size(k));
                replicas.add(r);
                gradients[k] = start.copy();
                for (int s = 0; s < steps; s++) {
                    stepRows[k][s] = r.stepRows(s * batch + shards.offset(k), shards.size(k));
                }
            }
        } catch (RuntimeException e) {
            Resources.closeAfter(e, this);
            throw e;
        }
    }

    private static DeviceRows upload(Backend backend, Dataset train) {
        DeviceDataset data = new DeviceDataset(backend, train);
        try {
            return new DeviceRows(data, backend.allocateInts(train.rows()));
        } catch (RuntimeException e) {
            Resources.closeAfter(e, data);
            throw e;
        }
    }

    /** The first replica's network, which the trainer evaluates (all replicas hold the same parameters). */
    DeviceNetwork primaryNetwork() {
        return replicas.get(0).network();
    }

    Shards shards() {
        return shards;
    }

    /** Uploads the epoch's row order to every backend instance but the first (the trainer fills that one). */
    void beginEpoch(int[] permutation) {
        for (Map.Entry<Backend, DeviceRows> e : rowsByBackend.entrySet()) {
            e.getKey().upload(permutation, 0, e.getValue().order());
        }
    }

    /** Synchronous step {@code s} of the epoch: the minibatch at rows {@code order[s * batch, (s + 1) * batch)}. */
    void step(int s) {
        for (int k = 0; k < replicas.size(); k++) {
            replicas.get(k).gradients(stepRows[k][s], shards.size(k) / (float) batch);
        }
        for (int k = 0; k < replicas.size(); k++) {
            replicas.get(k).downloadGradients(gradients[k]);
        }
        for (int l = 0; l < parameters.layers(); l++) {
            update(parameters.weights(l), l, true);
            update(parameters.biases(l), l, false);
        }
        for (Replica r : replicas) {
            for (int l = 0; l < parameters.layers(); l++) {
                r.network().upload(l, parameters.weights(l), parameters.biases(l));
            }
        }
    }

    /** {@code p += -lr * (g_0 + g_1 + ...)}, the gradients added in replica order (into the first one's array). */
    private void update(float[] p, int layer, boolean weights) {
        float[] sum = array(gradients[0], layer, weights);
        for (int k = 1; k < gradients.length; k++) {
            float[] g = array(gradients[k], layer, weights);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += g[i];
            }
        }
        for (int i = 0; i < p.length; i++) {
            p[i] += -learningRate * sum[i];
        }
    }

    private static float[] array(Mlp m, int layer, boolean weights) {
        return weights ? m.weights(layer) : m.biases(layer);
    }

    /** Waits until every replica has applied the last upload. */
    void synchronize() {
        for (Replica r : replicas) {
            r.backend().synchronize();
        }
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(replicas);
        all.addAll(rowsByBackend.values());
        Resources.closeAll(all.toArray(AutoCloseable[]::new));
    }
}
