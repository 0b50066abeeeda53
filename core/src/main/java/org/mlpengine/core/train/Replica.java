package org.mlpengine.core.train;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.Resources;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.model.Mlp;

/**
 * One copy of the network on a backend, with the training rows it draws its shards from: the unit of data-parallel
 * training. In-process replicas ({@link Trainer} with several backends) compute scaled gradients that the host
 * adds in a fixed order; a distributed worker (one per Spark task) takes local SGD steps and averages parameters
 * with its peers every few steps ({@link ParameterAverage}).
 *
 * <p>Every replica sees the same epoch permutation and takes its shard of each minibatch from it, so the rows a
 * step uses do not depend on how many replicas there are. Not thread-safe: one thread drives a replica.
 */
public final class Replica implements AutoCloseable {
    private final Backend backend;
    private final TrainingConfig config;
    private final DeviceDataset train;
    private final DeviceInts order;
    private final boolean ownsData;
    private final DeviceNetwork network;
    private final DeviceMatrix batchX;
    private final DeviceInts batchY;
    private final int maxStepRows;
    private DeviceMatrix[] gradW;
    private DeviceMatrix[] gradB;

    /**
     * Uploads {@code train} and {@code start}'s weights to {@code backend}; steps may use up to
     * {@code maxStepRows} rows.
     */
    public Replica(Backend backend, TrainingConfig config, Dataset train, Mlp start, int maxStepRows) {
        this(backend, config, new DeviceDataset(backend, train), null, start, maxStepRows, maxStepRows);
    }

    /**
     * A replica over training rows already on {@code backend} ({@code order == null}: it owns them and allocates
     * its row order); forward-only passes may use up to {@code evalRows} rows.
     */
    Replica(Backend backend, TrainingConfig config, DeviceDataset train, DeviceInts order, Mlp start,
            int maxStepRows, int evalRows) {
        if (maxStepRows < 1 || maxStepRows > train.rows()) {
            throw new IllegalArgumentException("a step's rows must be 1.." + train.rows() + ", got " + maxStepRows);
        }
        this.backend = backend;
        this.config = config;
        this.train = train;
        this.ownsData = order == null;
        this.maxStepRows = maxStepRows;
        DeviceInts ord = order;
        DeviceNetwork net = null;
        DeviceMatrix x = null;
        DeviceInts y = null;
        try {
            if (ord == null) {
                ord = backend.allocateInts(train.rows());
            }
            net = new DeviceNetwork(backend, start, maxStepRows, evalRows);
            x = backend.allocate(maxStepRows, start.inputs());
            y = backend.allocateInts(maxStepRows);
        } catch (RuntimeException e) {
            Resources.closeAfter(e, y, x, net, ownsData ? ord : null, ownsData ? train : null);
            throw e;
        }
        this.order = ord;
        this.network = net;
        this.batchX = x;
        this.batchY = y;
    }

    /** Uploads the epoch's shuffled row order (one index per training row) for the following steps. */
    public void beginEpoch(int[] permutation) {
        if (!ownsData) {
            throw new IllegalStateException("this replica shares its row order; its trainer uploads it");
        }
        if (permutation.length != train.rows()) {
            throw new IllegalArgumentException("the permutation has " + permutation.length + " entries for "
                    + train.rows() + " training rows");
        }
        backend.upload(permutation, 0, order);
    }

    /** One SGD step on this replica alone, with the config's learning rate, over rows {@code order[from, from+rows)}. */
    public void localStep(int from, int rows) {
        gather(stepRows(from, rows));
        network.trainStep(view(batchX, rows), viewInts(batchY, rows), config.learningRate());
    }

    /**
     * Enqueues the gradient of the training rows {@code indices} (a view of the row order, from {@link #stepRows}),
     * scaled by {@code scale}, into this replica's gradient buffers; {@link #downloadGradients} waits for it. With as
     * many indices as the replica's step rows it allocates nothing.
     */
    void gradients(DeviceInts indices, float scale) {
        if (gradW == null) {
            allocateGradients();
        }
        int rows = gather(indices);
        network.gradients(view(batchX, rows), viewInts(batchY, rows), scale, gradW, gradB);
    }

    /** Copies the last {@link #gradients} into {@code into}'s arrays (layer by layer, weights then biases). */
    void downloadGradients(Mlp into) {
        for (int l = 0; l < gradW.length; l++) {
            backend.download(gradW[l], into.weights(l), 0);
            backend.download(gradB[l], into.biases(l), 0);
        }
    }

    /** The current parameters, copied to the host. */
    public Mlp parameters() {
        return network.download();
    }

    /** Replaces the parameters (same layer sizes as the start model). */
    public void setParameters(Mlp model) {
        network.upload(model);
        // Uploads may be asynchronous: wait, so the caller may reuse the arrays at once.
        backend.synchronize();
    }

    /** The replica's rows per step at most. */
    public int maxStepRows() {
        return maxStepRows;
    }

    Backend backend() {
        return backend;
    }

    DeviceNetwork network() {
        return network;
    }

    /** The row order's entries {@code [from, from+rows)}: the training rows of one step, as a view. */
    DeviceInts stepRows(int from, int rows) {
        if (rows < 1 || rows > maxStepRows || from < 0 || from > train.rows() - rows) {
            throw new IllegalArgumentException("step rows [" + from + ", " + (from + rows) + ") are outside 0.."
                    + train.rows() + " or more than " + maxStepRows);
        }
        return order.slice(from, rows);
    }

    /** Gathers the rows {@code indices} into the batch buffers; returns how many. */
    private int gather(DeviceInts indices) {
        int rows = indices.length();
        backend.gatherBatch(train.features, train.labels, indices, view(batchX, rows), viewInts(batchY, rows));
        return rows;
    }

    private void allocateGradients() {
        int[] sizes = network.sizes();
        gradW = new DeviceMatrix[sizes.length - 1];
        gradB = new DeviceMatrix[sizes.length - 1];
        for (int l = 0; l < gradW.length; l++) {
            gradW[l] = backend.allocate(sizes[l + 1], sizes[l]);
            gradB[l] = backend.allocate(1, sizes[l + 1]);
        }
    }

    private static DeviceMatrix view(DeviceMatrix m, int rows) {
        return rows == m.rows() ? m : m.rowSlice(0, rows);
    }

    private static DeviceInts viewInts(DeviceInts v, int rows) {
        return rows == v.length() ? v : v.slice(0, rows);
    }

    @Override
    public void close() {
        if (gradW != null) {
            Resources.closeAll(gradW);
            Resources.closeAll(gradB);
        }
        Resources.closeAll(batchX, batchY, network, ownsData ? order : null, ownsData ? train : null);
    }
}
