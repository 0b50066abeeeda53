package org.mlpengine.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.Backends;
import org.mlpengine.core.data.DataCache;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Mnist;
import org.mlpengine.core.data.MnistFetcher;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.data.StratifiedSplit;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.train.EpochResult;
import org.mlpengine.core.train.Metrics;
import org.mlpengine.core.train.Trainer;
import org.mlpengine.core.train.TrainingConfig;
import org.mlpengine.core.train.TrainingListener;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains the MLP on MNIST-format data and prints the seed's per-epoch lines. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an MLP (default: the book's 784-50-10) with minibatch SGD and report accuracy.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--backend", paramLabel = "NAME",
            description = "cpu, opencl, cuda or auto (default: -Dbackend, else auto).")
    String backend;

    @Option(names = "--device", paramLabel = "N", description = "Device index within the backend (default: -Ddevice, else 0).")
    Integer device;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs = TrainingConfig.SEED_EPOCHS;

    @Option(names = "--batch-size", paramLabel = "N", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batchSize = TrainingConfig.SEED_BATCH;

    @Option(names = "--learning-rate", paramLabel = "LR", description = "SGD learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate = TrainingConfig.SEED_LEARNING_RATE;

    @Option(names = "--hidden", paramLabel = "SIZES", split = ",",
            description = "Hidden layer sizes, comma-separated (default: 50).")
    List<Integer> hidden = List.of(50);

    @Option(names = "--seed", paramLabel = "N",
            description = "Seeds the split, the initial weights and the shuffles (default: ${DEFAULT-VALUE}).")
    long seed = TrainingConfig.SEED_SEED;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder holding the four MNIST-format IDX files (raw or .gz). "
                    + "Default: the cache ($MLP_ENGINE_DATA or ~/.cache/mlp-engine/mnist), fetched if missing.")
    Path dataDir;

    @Option(names = "--threads", paramLabel = "N", description = "Host worker threads for the cpu backend (default: all cores).")
    int threads = 0;

    @Override
    public Integer call() {
        String backendName = backend != null ? backend : Backends.requestedName();
        int deviceIndex = device != null ? device : Backends.requestedDevice();
        if (deviceIndex < 0) {
            throw new UserError("--device must be >= 0, got " + deviceIndex);
        }
        if (threads < 0) {
            throw new UserError("--threads must be >= 0, got " + threads);
        }
        TrainingConfig.checkHyperparameters(batchSize, learningRate, epochs);
        // Fail on a wrong backend name before spending seconds on the data.
        Backends.select(backendName);

        Dataset all = Mnist.load(dataDir != null ? dataDir : new MnistFetcher().ensure(DataCache.defaultDir(),
                msg -> System.err.println(msg)));
        Split split = StratifiedSplit.seedSplit(all, seed);
        int[] sizes = layerSizes(all);
        TrainingConfig config = new TrainingConfig(sizes, batchSize, learningRate, epochs, seed);

        try (Backend be = Backends.open(backendName, new BackendOptions(deviceIndex, threads));
             Trainer trainer = new Trainer(be, config, split, Mlp.initialize(sizes, seed))) {
            System.out.println("Backend: " + be.name() + " " + be.device());
            System.out.printf(Locale.ROOT, "Network: %s | batch %d | learning rate %s | %d epochs | seed %d%n",
                    Arrays.toString(sizes), batchSize, learningRate, epochs, seed);
            System.out.printf(Locale.ROOT, "Data: %d train / %d validation / %d test samples%n",
                    split.train().rows(), split.valid().rows(), split.test().rows());
            List<EpochResult> results = trainer.train(1, new TrainingListener() {
                @Override
                public void onEpoch(EpochResult r) {
                    System.out.println(epochLine(r, epochs));
                }
            });
            Metrics test = trainer.evaluateTest();
            System.out.printf(Locale.ROOT, "Test accuracy: %.2f%%%n", test.accuracy() * 100);
            if (!results.isEmpty()) {
                System.out.printf(Locale.ROOT, "Median epoch: %.3f s (training pass %.3f s, %,.0f samples/s)%n",
                        median(results.stream().mapToDouble(EpochResult::epochSeconds).toArray()),
                        median(results.stream().mapToDouble(EpochResult::trainSeconds).toArray()),
                        median(results.stream().mapToDouble(EpochResult::samplesPerSecond).toArray()));
            }
        }
        return 0;
    }

    private int[] layerSizes(Dataset data) {
        int[] sizes = new int[hidden.size() + 2];
        sizes[0] = data.features();
        for (int i = 0; i < hidden.size(); i++) {
            if (hidden.get(i) <= 0) {
                throw new UserError("--hidden sizes must be positive, got " + hidden);
            }
            sizes[i + 1] = hidden.get(i);
        }
        sizes[sizes.length - 1] = data.classes();
        return sizes;
    }

    /** The seed's epoch line, plus the epoch's wall time and training throughput. */
    static String epochLine(EpochResult r, int epochs) {
        return String.format(Locale.ROOT,
                "Epoch: %03d/%03d | Train MSE: %.2f | Train Acc: %.2f%% | Valid Acc: %.2f%% | %.3f s | %,.0f samples/s",
                r.epoch(), epochs, r.trainMse(), r.trainAccuracy() * 100, r.validAccuracy() * 100, r.epochSeconds(),
                r.samplesPerSecond());
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
