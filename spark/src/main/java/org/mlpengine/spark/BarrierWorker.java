package org.mlpengine.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.BarrierTaskContext;
import org.mlpengine.cli.UserError;
import org.mlpengine.cli.UserErrors;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.EpochOrder;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.train.Metrics;
import org.mlpengine.core.train.Predictor;
import org.mlpengine.core.train.Replica;
import org.mlpengine.core.train.Shards;
import org.mlpengine.core.train.TrainingConfig;
import org.mlpengine.core.train.TrainingDivergedException;

/**
 * One barrier task of a data-parallel run: it holds its device and the training rows for the whole run. Every task
 * walks the same epoch permutation (drawn from the run's seed); of each minibatch it steps on its own shard, and every
 * {@code averageEvery} steps and at each epoch's end all tasks replace their parameters by the mean of everyone's,
 * weighted by shard rows and added in rank order, so every task holds the same bits afterwards. The exchange opens
 * first, before the data and the device, so a task that fails at any later point closes its end and its peers stop
 * at once.
 */
final class BarrierWorker {
    private final DistributedSpec spec;
    private final BarrierTaskContext context;
    private final int rank;
    private final Shards shards;
    private final List<Double> rounds = new ArrayList<>();
    private final List<Double> exchanges = new ArrayList<>();

    private BarrierWorker(DistributedSpec spec, BarrierTaskContext context) {
        this.spec = spec;
        this.context = context;
        this.rank = context.partitionId();
        this.shards = Shards.split(spec.batchSize(), context.getTaskInfos().length);
    }

    /** Runs this task's part of the run; rank 0's result carries the model and the per-epoch metrics. */
    static WorkerResult run(DistributedSpec spec) {
        return new BarrierWorker(spec, BarrierTaskContext.get()).train();
    }

    private WorkerResult train() {
        try (ParameterExchange exchange = spec.exchange().open(Rendezvous.of(context), shards.sizes())) {
            try {
                return train(exchange);
            } catch (RuntimeException | Error e) {
                String line = SparkMain.userMessage(e);
                exchange.fail(line != null ? line : UserErrors.oneLine(e.toString()));
                throw e;
            }
        }
    }

    private WorkerResult train(ParameterExchange exchange) {
        Dataset all = DataSource.loadCached(spec.data());
        TrainingConfig config = spec.config(all);
        Split split = spec.split(all);
        int rows = split.train().rows();
        int batch = config.batchSize();
        if (rows < batch) {
            throw new UserError("batch size " + batch + " is larger than the " + rows + " training samples");
        }
        int steps = rows / batch;
        EpochOrder order = config.randomScheme().epochOrder(rows, split.valid().rows(), config.seed());
        Mlp current = config.randomScheme().initialize(config.sizes(), config.seed());
        List<EpochStats> history = new ArrayList<>();
        try (Backend backend = spec.device().open();
             Replica replica = new Replica(backend, config, split.train(), current, shards.maxSize())) {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long t0 = System.nanoTime();
                replica.beginEpoch(order.permutation(epoch));
                int sinceAverage = 0;
                for (int s = 0; s < steps; s++) {
                    replica.localStep(s * batch + shards.offset(rank), shards.size(rank));
                    if (++sinceAverage == spec.averageEvery() || s == steps - 1) {
                        current = average(replica, exchange);
                        sinceAverage = 0;
                    }
                }
                long t1 = System.nanoTime();
                if (rank == 0) {
                    history.add(evaluate(backend, config, current, split, epoch, t0, t1, (long) steps * batch));
                }
            }
            return new WorkerResult(rank, rank == 0 ? ParameterCodec.encode(current) : null, history,
                    seconds(rounds), seconds(exchanges), backend.name(),
                    backend.device().toString(), context.getTaskInfos()[rank].address());
        }
    }

    /** One averaging round: this replica's parameters downloaded, exchanged, and everyone's mean uploaded. */
    private Mlp average(Replica replica, ParameterExchange exchange) {
        long t0 = System.nanoTime();
        Mlp mine = replica.parameters();
        long x0 = System.nanoTime();
        Mlp mean = exchange.average(mine);
        exchanges.add((System.nanoTime() - x0) / 1e9);
        replica.setParameters(mean);
        rounds.add((System.nanoTime() - t0) / 1e9);
        return mean;
    }

    private static double[] seconds(List<Double> times) {
        return times.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static EpochStats evaluate(Backend backend, TrainingConfig config, Mlp model, Split split, int epoch,
                                       long t0, long t1, long samples) {
        Metrics train;
        Metrics valid;
        try (Predictor p = new Predictor(backend, model, config.evaluationRows())) {
            train = p.evaluate(split.train());
            valid = p.evaluate(split.valid());
        }
        if (!Double.isFinite(train.mse()) || !Double.isFinite(valid.mse())) {
            throw new TrainingDivergedException(epoch, String.format(Locale.ROOT, "training diverged in epoch %d: "
                    + "train MSE %s, validation MSE %s (try a smaller --learning-rate than %s)", epoch, train.mse(),
                    valid.mse(), config.learningRate()));
        }
        return new EpochStats(epoch, train.mse(), train.accuracy(), valid.mse(), valid.accuracy(), (t1 - t0) / 1e9,
                (System.nanoTime() - t0) / 1e9, samples);
    }
}
