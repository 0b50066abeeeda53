package org.mlpengine.core.train;

import java.util.ArrayList;
import java.util.List;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.Resources;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.EpochOrder;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.Mlp;

/**
 * The seed's minibatch SGD loop, device-resident, on any backend.
 *
 * <p>The three datasets are uploaded once. Each epoch uploads one shuffled index vector; every step
 * gathers its minibatch on the device and updates the weights in place. Metrics accumulate on the
 * device and are read once per evaluation pass. Nothing else crosses to the host inside an epoch.
 *
 * <p>With several replicas ({@link #Trainer(List, TrainingConfig, Split, Mlp)}) each step is synchronous
 * data-parallel SGD ({@link ReplicaGroup}): the same rows per step, the same update up to float rounding, and the
 * gradients cross to the host once per step.
 */
public final class Trainer implements AutoCloseable {
    private final Backend backend;
    private final TrainingConfig config;
    private final DeviceDataset train;
    private final DeviceDataset valid;
    private final DeviceDataset test;
    private final DeviceNetwork network;
    /** The data-parallel replicas, or null when one device runs the fused step. */
    private final ReplicaGroup replicas;
    private final EpochOrder epochOrder;

    /** The single-device step's batch buffers; null with replicas, which gather their own shards. */
    private final DeviceMatrix batchX;
    private final DeviceInts batchY;
    private final DeviceInts order;
    private final DeviceMatrix metrics;
    /** Per-step index views into {@link #order}, made once so the step loop allocates nothing (single device). */
    private final DeviceInts[] stepIndices;
    private final int steps;
    private final float[] metricsHost = new float[2];

    /** Uploads the split and the model; {@code model}'s sizes must match the config's. */
    public Trainer(Backend backend, TrainingConfig config, Split split, Mlp model) {
        this(java.util.Collections.singletonList(backend), config, split, model);
    }

    /**
     * Trains with one replica per entry of {@code replicaBackends} (an instance may appear more than once: those
     * replicas share it); the first also evaluates. Each minibatch is cut into {@link Shards}, so the batch size
     * must be at least the number of replicas.
     */
    public Trainer(List<Backend> replicaBackends, TrainingConfig config, Split split, Mlp model) {
        checkRun(replicaBackends, config, split, model);
        Backend backend = replicaBackends.get(0);
        int[] sizes = config.sizes();
        this.backend = backend;
        this.config = config;
        this.steps = split.train().rows() / config.batchSize();
        this.epochOrder = config.randomScheme().epochOrder(split.train().rows(), split.valid().rows(), config.seed());
        DeviceDataset tr = null;
        DeviceDataset va = null;
        DeviceDataset te = null;
        DeviceNetwork net = null;
        DeviceInts ord = null;
        ReplicaGroup group = null;
        DeviceMatrix x = null;
        DeviceInts y = null;
        DeviceMatrix m = null;
        try {
            tr = new DeviceDataset(backend, split.train());
            va = new DeviceDataset(backend, split.valid());
            te = new DeviceDataset(backend, split.test());
            ord = backend.allocateInts(split.train().rows());
            m = backend.allocate(1, 2);
            if (replicaBackends.size() == 1) {
                net = new DeviceNetwork(backend, model, config.batchSize(), config.evaluationRows());
                // The fused single-device step gathers its whole batch here; replicas gather their own shards.
                x = backend.allocate(config.batchSize(), sizes[0]);
                y = backend.allocateInts(config.batchSize());
            } else {
                group = new ReplicaGroup(replicaBackends, config, split.train(), tr, ord, model,
                        config.evaluationRows(), steps);
                net = group.primaryNetwork();
            }
        } catch (RuntimeException e) {
            Resources.closeAfter(e, group, group == null ? net : null, x, y, m, ord, tr, va, te);
            throw e;
        }
        train = tr;
        valid = va;
        test = te;
        network = net;
        replicas = group;
        order = ord;
        metrics = m;
        batchX = x;
        batchY = y;
        stepIndices = new DeviceInts[group == null ? steps : 0];
        for (int s = 0; s < stepIndices.length; s++) {
            stepIndices[s] = order.slice(s * config.batchSize(), config.batchSize());
        }
    }

    /** Everything that can be wrong with a run's settings and data, found before anything reaches a device. */
    private static void checkRun(List<Backend> replicaBackends, TrainingConfig config, Split split, Mlp model) {
        if (replicaBackends.isEmpty()) {
            throw new IllegalArgumentException("need at least one backend");
        }
        Shards.split(config.batchSize(), replicaBackends.size());
        int[] sizes = config.sizes();
        if (!java.util.Arrays.equals(sizes, model.sizes())) {
            throw new IllegalArgumentException("model has layers " + model.shape() + " but the run asks for "
                    + java.util.Arrays.toString(sizes));
        }
        checkData("train", split.train(), sizes);
        checkData("validation", split.valid(), sizes);
        checkData("test", split.test(), sizes);
        if (split.train().rows() < config.batchSize()) {
            throw new IllegalArgumentException("batch size " + config.batchSize() + " is larger than the "
                    + split.train().rows() + " training samples");
        }
    }

    private static void checkData(String name, Dataset d, int[] sizes) {
        if (d.features() != sizes[0]) {
            throw new IllegalArgumentException(name + " data has " + d.features() + " features per sample but the "
                    + "network's input layer has " + sizes[0]);
        }
        if (d.classes() > sizes[sizes.length - 1]) {
            checkLabels(name + " data", d, sizes[sizes.length - 1]);
            throw new IllegalArgumentException(name + " data has " + d.classes() + " classes but the network's "
                    + "output layer has " + sizes[sizes.length - 1]);
        }
        if (d.rows() == 0) {
            throw new IllegalArgumentException(name + " data is empty");
        }
    }

    /**
     * Rejects the first label that has no output unit, naming its position: the ops compare labels with output
     * indices on the device, where an out-of-range label would be silently wrong or read out of bounds.
     */
    static void checkLabels(String name, Dataset d, int outputs) {
        for (int i = 0; i < d.rows(); i++) {
            int y = d.label(i);
            if (y < 0 || y >= outputs) {
                throw new IllegalArgumentException(name + ": label " + y + " at position " + i
                        + " is outside the network's " + outputs + " outputs (0.." + (outputs - 1) + ")");
            }
        }
    }

    /** Runs epochs {@code firstEpoch..config.epochs()} (1-based), reporting each to the listener. */
    public List<EpochResult> train(int firstEpoch, TrainingListener listener) {
        List<EpochResult> results = new ArrayList<>();
        for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
            long t0 = System.nanoTime();
            trainingPass(epoch, listener);
            long t1 = System.nanoTime();
            Metrics tr = evaluate(train);
            Metrics va = evaluate(valid);
            long t2 = System.nanoTime();
            if (!Double.isFinite(tr.mse()) || !Double.isFinite(va.mse())) {
                throw diverged(epoch, tr, va);
            }
            EpochResult r = new EpochResult(epoch, tr.mse(), tr.accuracy(), va.mse(), va.accuracy(),
                    (t1 - t0) / 1e9, (t2 - t0) / 1e9, (long) steps * config.batchSize());
            results.add(r);
            listener.onEpoch(r);
        }
        return results;
    }

    /**
     * Epoch {@code epoch}'s training pass alone: every minibatch step on that epoch's shuffle, no evaluation.
     * Returns when the device has finished (the benchmarks time exactly this).
     */
    public void trainingPass(int epoch, TrainingListener listener) {
        int reportEvery = Math.max(1, steps / 100);
        int[] permutation = epochOrder.permutation(epoch);
        backend.upload(permutation, 0, order);
        if (replicas != null) {
            replicas.beginEpoch(permutation);
        }
        for (int s = 0; s < steps; s++) {
            if (replicas == null) {
                backend.gatherBatch(train.features, train.labels, stepIndices[s], batchX, batchY);
                network.trainStep(batchX, batchY, config.learningRate());
            } else {
                replicas.step(s);
            }
            if ((s + 1) % reportEvery == 0) {
                listener.onProgress(epoch, s + 1, steps);
            }
        }
        if (replicas != null) {
            replicas.synchronize();
        } else {
            backend.synchronize();
        }
    }

    private TrainingDivergedException diverged(int epoch, Metrics tr, Metrics va) {
        String where = firstNonFinite(network.download());
        return new TrainingDivergedException(epoch, String.format(java.util.Locale.ROOT,
                "training diverged in epoch %d: train MSE %s, validation MSE %s; first bad value: %s"
                        + " (try a smaller --learning-rate than %s)",
                epoch, tr.mse(), va.mse(), where, config.learningRate()));
    }

    /** Names the first NaN or infinite parameter, layer by layer, weights before biases. */
    static String firstNonFinite(Mlp model) {
        int[] sizes = model.sizes();
        for (int l = 0; l < model.layers(); l++) {
            float[] w = model.weights(l);
            for (int i = 0; i < w.length; i++) {
                if (!Float.isFinite(w[i])) {
                    return "layer " + (l + 1) + " weight[" + i / sizes[l] + "][" + i % sizes[l] + "] = " + w[i];
                }
            }
            float[] b = model.biases(l);
            for (int i = 0; i < b.length; i++) {
                if (!Float.isFinite(b[i])) {
                    return "layer " + (l + 1) + " bias[" + i + "] = " + b[i];
                }
            }
        }
        return "none in the weights (the outputs overflowed)";
    }

    /** Test-set metrics of the current weights. */
    public Metrics evaluateTest() {
        return evaluate(test);
    }

    /** The current weights, copied to the host. */
    public Mlp model() {
        return network.download();
    }

    /** Replicas per step (1: the fused single-device step). */
    public int replicaCount() {
        return replicas == null ? 1 : replicas.shards().count();
    }

    /** Number of minibatch steps per epoch (the last incomplete minibatch is dropped, as in the seed). */
    public int stepsPerEpoch() {
        return steps;
    }

    private Metrics evaluate(DeviceDataset data) {
        backend.fill(metrics, 0f);
        int rows = data.rows();
        int batch = config.evaluationRows();
        for (int start = 0; start < rows; start += batch) {
            int n = Math.min(batch, rows - start);
            DeviceMatrix out = network.forward(data.features.rowSlice(start, n));
            backend.accumulateMetrics(out, data.labels.slice(start, n), metrics);
        }
        backend.download(metrics, metricsHost, 0);
        return Metrics.of(metricsHost[0], metricsHost[1], rows, config.sizes()[config.sizes().length - 1]);
    }

    @Override
    public void close() {
        Resources.closeAll(replicas, replicas == null ? network : null, train, valid, test, batchX, batchY, order,
                metrics);
    }
}
