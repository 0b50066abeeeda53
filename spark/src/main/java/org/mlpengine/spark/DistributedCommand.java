package org.mlpengine.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import com.google.gson.GsonBuilder;
import org.apache.spark.api.java.JavaSparkContext;
import org.mlpengine.cli.DataChoice;
import org.mlpengine.cli.UserError;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.Backends;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.model.io.ModelFile;
import org.mlpengine.core.model.io.ModelInfo;
import org.mlpengine.core.model.io.SavedModel;
import org.mlpengine.core.train.Metrics;
import org.mlpengine.core.train.Predictor;
import org.mlpengine.core.train.Shards;
import org.mlpengine.core.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train-distributed}: one model, data-parallel over Spark barrier tasks that average their parameters. */
@Command(name = "train-distributed", mixinStandardHelpOptions = true,
        description = "Train one MLP data-parallel: --tasks barrier tasks each step on their shard of every "
                + "minibatch and average parameters every --average-every steps (1: synchronous SGD).")
final class DistributedCommand implements Callable<Integer> {
    @Option(names = "--tasks", paramLabel = "N", description = "Barrier tasks (replicas), at most the task slots. Default 2.")
    int tasks = 2;

    @Option(names = "--average-every", paramLabel = "K",
            description = "Local steps between parameter averages; each epoch also ends with one. Default 1.")
    int averageEvery = 1;

    @Option(names = "--exchange", paramLabel = "tcp|allgather",
            description = "How the tasks average: tcp (default), sockets of their own to rank 0's executor (the tasks "
                    + "must reach it on --exchange-port); allgather, Spark's barrier allGather (nothing beyond Spark, "
                    + "but about 1 s per round).")
    String exchange = ExchangeSpec.Kind.TCP.id();

    @Option(names = "--exchange-port", paramLabel = "PORT",
            description = "The port rank 0 listens on for --exchange tcp. Default 0: any free port.")
    int exchangePort;

    @Option(names = "--exchange-timeout", paramLabel = "SECONDS",
            description = "How long a task waits for a peer of --exchange tcp (to connect, or in a round) before the "
                    + "run fails; a task that fails is noticed at once. Default "
                    + ExchangeSpec.DEFAULT_TIMEOUT_SECONDS + ".")
    int exchangeTimeout = ExchangeSpec.DEFAULT_TIMEOUT_SECONDS;

    @Option(names = "--learning-rate", paramLabel = "RATE", description = "Default 0.1.")
    float learningRate = TrainingConfig.SEED_LEARNING_RATE;

    @Option(names = "--hidden", paramLabel = "N", description = "Units of the hidden layer. Default 50.")
    int hidden = TrainingConfig.SEED_SIZES[1];

    @Option(names = "--batch-size", paramLabel = "N", description = "Global minibatch, cut into --tasks shards. Default 100.")
    int batchSize = TrainingConfig.SEED_BATCH;

    @Option(names = "--epochs", paramLabel = "N", description = "Default 5.")
    int epochs = 5;

    @Option(names = "--seed", paramLabel = "N", description = "Seeds the split, weights and shuffles. Default 123.")
    long seed = TrainingConfig.SEED_SEED;

    @Option(names = "--numpy-compat", description = "Draw the split, weights and shuffles as the book's NumPy code.")
    boolean numpyCompat;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write model.mlpm and run.json (default distributed-run).")
    Path out = Path.of("distributed-run");

    @Mixin
    SparkOptions spark;

    @Mixin
    DataChoice data;

    @Mixin
    BackendChoice backend;

    @Override
    public Integer call() {
        DistributedSpec spec = check();
        Dataset all = DataSource.loadCached(spec.data());
        TrainingConfig config = spec.config(all);
        long t0 = System.nanoTime();
        DistributedTraining.Outcome outcome;
        String master;
        try (JavaSparkContext sc = spark.start("mlp-engine train-distributed")) {
            master = sc.master();
            if (spark.local() && sc.defaultParallelism() < tasks) {
                throw new UserError("--tasks " + tasks + " needs as many task slots, but " + master + " has "
                        + sc.defaultParallelism() + " (use local[" + tasks + "] or fewer tasks)");
            }
            System.out.printf("Data-parallel training: %d barrier tasks on %s, averaging every %d step(s) over %s, "
                    + "batch %d as shards %s, backend %s%n", tasks, master, averageEvery, exchange, batchSize,
                    Shards.split(batchSize, tasks), spec.device().backend());
            outcome = DistributedTraining.run(sc, spec, config.sizes());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (EpochStats e : outcome.history()) {
            System.out.printf("Epoch: %03d/%03d | Train MSE: %.5f | Train Acc: %.2f%% | Valid Acc: %.2f%% | %.3f s%n",
                    e.epoch(), epochs, e.trainMse(), e.trainAccuracy() * 100, e.validAccuracy() * 100,
                    e.epochSeconds());
        }
        Split split = spec.split(all);
        Metrics valid;
        Metrics test;
        String evaluatedOn;
        try (Backend be = driverBackend(spec.device()); Predictor p = new Predictor(be, outcome.model(),
                config.evaluationRows())) {
            valid = p.evaluate(split.valid());
            test = p.evaluate(split.test());
            evaluatedOn = be.name();
        }
        System.out.printf("Validation accuracy: %.2f%% | Test accuracy: %.2f%% (evaluated on the driver, %s)%n",
                valid.accuracy() * 100, test.accuracy() * 100, evaluatedOn);
        System.out.printf("Averaging rounds: %d per task, median %.2f ms (download, exchange, upload), of which the "
                + "%s exchange %.2f ms; %.1f s in all%n", outcome.roundSeconds().length / tasks,
                outcome.medianRoundSeconds() * 1e3, exchange, outcome.medianExchangeSeconds() * 1e3, seconds);
        write(spec, all, config, outcome, valid, test, master, seconds);
        System.out.println("Wrote model.mlpm and run.json in " + out);
        return 0;
    }

    private DistributedSpec check() {
        data.check();
        spark.check();
        if (tasks < 1) {
            throw new UserError("--tasks must be >= 1, got " + tasks);
        }
        if (averageEvery < 1) {
            throw new UserError("--average-every must be >= 1, got " + averageEvery);
        }
        if (hidden <= 0) {
            throw new UserError("--hidden: a hidden layer needs at least one unit, got " + hidden);
        }
        TrainingConfig.checkHyperparameters(batchSize, learningRate, epochs);
        if (batchSize < tasks) {
            throw new UserError("--batch-size " + batchSize + " cannot be cut into " + tasks + " shards of at least "
                    + "one row; use a batch of at least --tasks rows");
        }
        ExchangeSpec.Kind kind = ExchangeSpec.Kind.parse(exchange);
        if (exchangePort < 0 || exchangePort > 65535) {
            throw new UserError("--exchange-port must be 0 (any free port) to 65535, got " + exchangePort);
        }
        if (exchangeTimeout < 1) {
            throw new UserError("--exchange-timeout must be >= 1 second, got " + exchangeTimeout);
        }
        backend.check(spark.local());
        return new DistributedSpec(MnistSource.of(data), data.testCount(), data.validCount(), hidden, batchSize,
                learningRate, epochs, seed, numpyCompat, tasks, averageEvery, backend.request(spark.gpusPerTask),
                new ExchangeSpec(kind, exchangePort, exchangeTimeout));
    }

    /** The driver evaluates on the tasks' backend where it can open here, else on the cpu backend. */
    private static Backend driverBackend(DeviceRequest request) {
        try {
            return new DeviceRequest(request.backend(), request.device(), request.threads(), 0).open();
        } catch (BackendException e) {
            return Backends.open("cpu", org.mlpengine.core.backend.BackendOptions.DEFAULT);
        }
    }

    private void write(DistributedSpec spec, Dataset all, TrainingConfig config, DistributedTraining.Outcome outcome,
                       Metrics valid, Metrics test, String master, double seconds) {
        WorkerResult first = outcome.workers().get(0);
        ModelInfo info = new ModelInfo(ModelInfo.MODEL, config.sizes(), ModelInfo.SIGMOID,
                ModelInfo.Input.mnist(config.sizes()[0]),
                new ModelInfo.Training(batchSize, learningRate, epochs, seed, spec.splitTest(), spec.splitValid(),
                        all.fingerprint(), first.backend(), first.device(), config.randomScheme().id()),
                outcome.history().size(), outcome.history().stream().map(EpochStats::toResult).toList(),
                new ModelInfo.TestMetrics(test.mse(), test.accuracy()),
                "mlp-engine-spark train-distributed (" + tasks + " tasks, averaging every " + averageEvery + ")",
                Instant.now().toString());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("master", master);
        json.put("tasks", tasks);
        json.put("averageEvery", averageEvery);
        json.put("exchange", exchange);
        json.put("settings", Map.of("layers", config.sizes(), "batchSize", batchSize, "learningRate", learningRate,
                "epochs", epochs, "seed", seed, "randomScheme", config.randomScheme().id()));
        json.put("data", spec.data().describe());
        json.put("split", Map.of("test", spec.splitTest(), "valid", spec.splitValid()));
        json.put("workers", outcome.workers().stream().map(w -> Map.of("rank", w.rank(), "backend", w.backend(),
                "device", w.device(), "host", w.host())).toList());
        json.put("history", outcome.history());
        json.put("valid", Map.of("mse", valid.mse(), "accuracy", valid.accuracy()));
        json.put("test", Map.of("mse", test.mse(), "accuracy", test.accuracy()));
        json.put("averagingRounds", Map.of("perTask", outcome.roundSeconds().length / tasks,
                "medianSeconds", outcome.medianRoundSeconds(),
                "medianExchangeSeconds", outcome.medianExchangeSeconds()));
        json.put("seconds", seconds);
        try {
            Files.createDirectories(out);
            ModelFile.write(out.resolve("model.mlpm"), new SavedModel(outcome.model(), info));
            Files.writeString(out.resolve("run.json"),
                    new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + out + ": " + e.getMessage(), e);
        }
    }
}
