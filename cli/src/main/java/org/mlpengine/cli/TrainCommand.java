package org.mlpengine.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.model.RandomScheme;
import org.mlpengine.core.model.io.ModelFile;
import org.mlpengine.core.model.io.ModelInfo;
import org.mlpengine.core.model.io.Npz;
import org.mlpengine.core.model.io.SavedModel;
import org.mlpengine.core.train.Metrics;
import org.mlpengine.core.train.Predictor;
import org.mlpengine.core.train.Trainer;
import org.mlpengine.core.train.TrainingConfig;
import org.mlpengine.core.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains the MLP on MNIST-format data, prints the seed's per-epoch lines, and writes a run folder:
 * the model, checkpoints, figures, run.json and report.md.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an MLP (default: the book's 784-50-10) with minibatch SGD and report accuracy.")
final class TrainCommand implements Callable<Integer> {
    static final String MODEL_FILE = "model" + ModelFile.EXTENSION;
    static final String CHECKPOINT_FILE = "checkpoint" + ModelFile.EXTENSION;

    @Spec
    CommandSpec spec;

    @Mixin
    BackendChoice backendChoice;

    @Mixin
    DataChoice data;

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

    @Option(names = "--numpy-compat",
            description = "Draw the split, the initial weights and every epoch's minibatch order exactly as the book's "
                    + "NumPy code does (NumPy's RandomState, scikit-learn's train_test_split), so the run reproduces "
                    + "the book's to float32 rounding. Default: the engine's own, faster generator and split.")
    boolean numpyCompat;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Run folder for the model, checkpoints, figures, run.json and report.md "
                    + "(default: a new runs/YYYYMMDD-HHMMSS; with --resume, the checkpoint's folder).")
    Path out;

    @Option(names = "--save", paramLabel = "FILE", description = "Where to save the trained model (default: DIR/model.mlpm).")
    Path save;

    @Option(names = "--export-npz", paramLabel = "FILE", description = "Also export the weights as a NumPy .npz archive.")
    Path exportNpz;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Write DIR/checkpoint.mlpm every N epochs (default: never).")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "CHECKPOINT",
            description = "Continue a run from a checkpoint (its settings, data split and seed); --epochs may extend it.")
    Path resume;

    @Option(names = "--no-figures", description = "Draw no PNG figures (run.json and report.md are still written).")
    boolean noFigures;

    @Option(names = "--quiet", description = "Print only the final test accuracy.")
    boolean quiet;

    @Option(names = "--json", description = "Print one JSON object per epoch and one for the result, nothing else.")
    boolean json;

    @Override
    public Integer call() {
        Instant started = Instant.now();
        SavedModel checkpoint = validateOptions();
        RunData run = loadData(checkpoint);
        TrainingConfig config = run.config();
        EpochOutput output = new EpochOutput(System.out, quiet ? EpochOutput.Mode.QUIET
                : json ? EpochOutput.Mode.JSON : EpochOutput.Mode.PLAIN, epochs, batchSize, System.console() != null);
        List<EpochResult> history = new ArrayList<>(checkpoint != null ? checkpoint.info().history() : List.of());
        Mlp initial = checkpoint != null ? checkpoint.model() : config.randomScheme().initialize(config.sizes(), seed);
        // The split goes to the device; taking it from the run data lets the host copy go (110 MB for MNIST).
        try (Backend be = backendChoice.open(); Trainer trainer = new Trainer(be, config, run.takeSplit(), initial)) {
            // Created only now that the run can start, so a mistake leaves no empty folder behind.
            Path runDir = RunFolder.ensure(out != null ? out : checkpoint != null
                    ? resume.toAbsolutePath().getParent() : RunFolder.createTimestamped(Path.of("runs")));
            Path modelPath = save != null ? save : runDir.resolve(MODEL_FILE);
            InfoFactory infos = new InfoFactory(config, data.testCount(), data.validCount(), run.fingerprint(),
                    be.name(), be.device().toString());
            printRunHeader(output, be, run, checkpoint, runDir);
            Metrics test = train(trainer, output, history, infos, runDir);
            Mlp trained = trainer.model();
            writeModel(trained, modelPath, infos.info(ModelInfo.MODEL, history,
                    new ModelInfo.TestMetrics(test.mse(), test.accuracy())));
            // The result is out before the figures, which are drawn best effort (AWT and fonts may be missing).
            output.result(test, resultFiles(runDir, modelPath));
            List<String> figures = noFigures ? List.of()
                    : BestEffortFigures.draw(written -> figures(runDir, history, run.samples(), be, trained, written),
                            System.err);
            runReport(be, run, history, test, new RunReport.Outputs(modelPath.toString(),
                    exportNpz != null ? exportNpz.toString() : null, figures), started).write(runDir);
            printSummary(output, history, modelPath, runDir);
        }
        return 0;
    }

    /**
     * Checks the options, and for {@code --resume} reads the checkpoint and takes its settings: all that can be
     * wrong is found before seconds are spent on the data. Returns the checkpoint, or null for a new run.
     */
    private SavedModel validateOptions() {
        checkOptions();
        SavedModel checkpoint = resume != null ? ModelFile.read(resume) : null;
        if (checkpoint != null) {
            adoptCheckpointSettings(checkpoint.info());
        }
        TrainingConfig.checkHyperparameters(batchSize, learningRate, epochs);
        if (!randomScheme().acceptsSeed(seed)) {
            throw new UserError("--seed must be between 0 and 4294967295 with --numpy-compat (NumPy's range), got " + seed);
        }
        backendChoice.check();
        return checkpoint;
    }

    private RandomScheme randomScheme() {
        return numpyCompat ? RandomScheme.NUMPY : RandomScheme.ENGINE;
    }

    /** Loads and splits the data (a resumed run's must be the checkpoint's), and sets up the network's shape. */
    private RunData loadData(SavedModel checkpoint) {
        Dataset all = data.load();
        String fingerprint = all.fingerprint();
        if (checkpoint != null && !fingerprint.equals(checkpoint.info().training().dataFingerprint())) {
            throw new UserError(resume + " was trained on other data (fingerprint "
                    + checkpoint.info().training().dataFingerprint() + ", this data " + fingerprint + ")");
        }
        RandomScheme scheme = randomScheme();
        Split split = scheme.split(all, data.testCount(), data.validCount(), seed);
        TrainingConfig config = new TrainingConfig(layerSizes(all), batchSize, learningRate, epochs, seed, scheme);
        return new RunData(config, fingerprint, split, FigureSamples.of(all, split.test()));
    }

    private void printRunHeader(EpochOutput output, Backend be, RunData run, SavedModel checkpoint, Path runDir) {
        TrainingConfig config = run.config();
        output.info(Relaunch.describe());
        output.info("Backend: " + be.name() + " " + be.device());
        output.info(String.format(Locale.ROOT, "Network: %s | batch %d | learning rate %s | %d epochs | seed %d",
                Arrays.toString(config.sizes()), batchSize, learningRate, epochs, seed));
        output.info(String.format(Locale.ROOT, "Data: %d train / %d validation / %d test samples",
                run.trainRows(), run.validRows(), run.testRows()));
        if (config.randomScheme() == RandomScheme.NUMPY) {
            output.info("Random numbers: NumPy's RandomState and scikit-learn's train_test_split, as the book's code"
                    + " (--numpy-compat)");
        }
        if (checkpoint != null) {
            output.info("Resuming " + resume + " after epoch " + checkpoint.info().epochsCompleted());
        }
        output.info("Run folder: " + runDir);
    }

    /**
     * Trains from the epoch after {@code history}'s last, adding each epoch to it and writing a checkpoint every
     * {@code --checkpoint-every} epochs; returns the test set's metrics.
     */
    private Metrics train(Trainer trainer, EpochOutput output, List<EpochResult> history, InfoFactory infos,
                          Path runDir) {
        output.trainingStarts();
        AllocationWatch allocation = AllocationWatch.ofThisJvm();
        trainer.train(history.size() + 1, new TrainingListener() {
            @Override
            public void onProgress(int epoch, int stepsDone, int stepsTotal) {
                output.progress(epoch, stepsDone, stepsTotal);
            }

            @Override
            public void onEpoch(EpochResult r) {
                history.add(r);
                output.epoch(r);
                allocation.afterEpoch(r.epoch()).ifPresent(System.err::println);
                if (checkpointEvery > 0 && r.epoch() % checkpointEvery == 0) {
                    ModelFile.write(runDir.resolve(CHECKPOINT_FILE), new SavedModel(trainer.model(),
                            infos.info(ModelInfo.CHECKPOINT, history, null)));
                }
            }
        });
        return trainer.evaluateTest();
    }

    /** The trained model, and with {@code --export-npz} its weights for NumPy. */
    private void writeModel(Mlp trained, Path modelPath, ModelInfo info) {
        ModelFile.write(modelPath, new SavedModel(trained, info));
        if (exportNpz != null) {
            exportNpz(trained, exportNpz);
        }
    }

    private RunReport runReport(Backend be, RunData run, List<EpochResult> history, Metrics test,
                                RunReport.Outputs outputs, Instant started) {
        RunReport.Command command = new RunReport.Command(spec.commandLine().getParseResult().originalArgs(),
                be.name(), be.device().toString(), resume != null ? resume.toString() : null, checkpointEvery);
        RunReport.DataUsed dataUsed = new RunReport.DataUsed(data.dataDir != null ? data.dataDir.toString() : "(cache)",
                run.fingerprint(), run.trainRows(), run.validRows(), run.testRows());
        return new RunReport(command, run.config(), dataUsed, history, test, outputs, started, Instant.now());
    }

    private void printSummary(EpochOutput output, List<EpochResult> history, Path modelPath, Path runDir) {
        if (!history.isEmpty()) {
            output.info(String.format(Locale.ROOT, "Median epoch: %.3f s (training pass %.3f s, %,.0f samples/s)",
                    median(history.stream().mapToDouble(EpochResult::epochSeconds).toArray()),
                    median(history.stream().mapToDouble(EpochResult::trainSeconds).toArray()),
                    median(history.stream().mapToDouble(EpochResult::samplesPerSecond).toArray())));
        }
        output.info("Model: " + modelPath + (exportNpz != null ? " (NumPy weights: " + exportNpz + ")" : ""));
        output.info("Report: " + runDir.resolve(RunReport.MARKDOWN));
    }

    private void checkOptions() {
        if (quiet && json) {
            throw new UserError("--quiet and --json cannot be combined");
        }
        if (checkpointEvery < 0) {
            throw new UserError("--checkpoint-every must be >= 0, got " + checkpointEvery);
        }
        data.check();
    }

    /** A resumed run takes its settings from the checkpoint; an option given that disagrees is an error. */
    private void adoptCheckpointSettings(ModelInfo info) {
        ModelInfo.Training t = info.training();
        int[] layers = info.layers();
        List<Integer> ckHidden = new ArrayList<>();
        for (int i = 1; i + 1 < layers.length; i++) {
            ckHidden.add(layers[i]);
        }
        conflict("--batch-size", batchSize, t.batchSize());
        conflict("--learning-rate", learningRate, t.learningRate());
        conflict("--seed", seed, t.seed());
        conflict("--hidden", hidden, ckHidden);
        conflict("--split", data.split, List.of(t.splitTest(), t.splitValid()));
        conflict("--numpy-compat", numpyCompat, t.scheme() == RandomScheme.NUMPY);
        batchSize = t.batchSize();
        learningRate = t.learningRate();
        seed = t.seed();
        hidden = ckHidden;
        data.split = List.of(t.splitTest(), t.splitValid());
        numpyCompat = t.scheme() == RandomScheme.NUMPY;
        if (!spec.commandLine().getParseResult().hasMatchedOption("--epochs")) {
            epochs = t.epochs();
        }
        if (epochs < info.epochsCompleted()) {
            throw new UserError(resume + " has already trained " + info.epochsCompleted() + " epochs; --epochs "
                    + epochs + " would not continue it");
        }
    }

    private void conflict(String option, Object given, Object inCheckpoint) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option) && !given.equals(inCheckpoint)) {
            throw new UserError(option + " " + given + " conflicts with " + resume + ", which was trained with "
                    + inCheckpoint);
        }
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

    private static void exportNpz(Mlp model, Path file) {
        try {
            Npz.write(file, Npz.arrays(model));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** The book's figures, each added to {@code files} once written; the image grids only for square images. */
    private static void figures(Path runDir, List<EpochResult> history, FigureSamples samples, Backend be, Mlp model,
                                List<String> files) {
        files.addAll(Figures.curves(runDir, history));
        ModelInfo.Input input = ModelInfo.Input.mnist(samples.firstOfEachClass().features());
        if (input.height() == input.width()) {
            files.add(Figures.firstOfEachClass(runDir, samples.firstOfEachClass(), input.width()));
            Dataset pool = samples.misclassifiedPool();
            try (Predictor p = new Predictor(be, model, Math.min(pool.rows(), TrainingConfig.SEED_BATCH))) {
                files.add(Figures.misclassified(runDir, pool, p.predict(pool), input.width()));
            }
        }
    }

    /** What the figures need of the data, small enough to keep while the full host copies are dropped. */
    private record FigureSamples(Dataset firstOfEachClass, Dataset misclassifiedPool) {
        static FigureSamples of(Dataset all, Dataset test) {
            int[] first = new int[all.classes()];
            Arrays.fill(first, -1);
            for (int i = 0, found = 0; i < all.rows() && found < first.length; i++) {
                if (first[all.label(i)] < 0) {
                    first[all.label(i)] = i;
                    found++;
                }
            }
            return new FigureSamples(all.subset(Arrays.stream(first).filter(i -> i >= 0).sorted().toArray()),
                    test.subset(firstRows(Math.min(Figures.MISCLASSIFIED_POOL, test.rows()))));
        }
    }

    /**
     * The loaded data of one run: its shape, fingerprint and split sizes, the few samples the figures draw, and the
     * split itself until the trainer takes it (then the host copy can go).
     */
    private static final class RunData {
        private final TrainingConfig config;
        private final String fingerprint;
        private final int trainRows;
        private final int validRows;
        private final int testRows;
        private final FigureSamples samples;
        private Split split;

        RunData(TrainingConfig config, String fingerprint, Split split, FigureSamples samples) {
            this.config = config;
            this.fingerprint = fingerprint;
            this.trainRows = split.train().rows();
            this.validRows = split.valid().rows();
            this.testRows = split.test().rows();
            this.samples = samples;
            this.split = split;
        }

        /** The split, handed over once: this object keeps no reference to it. */
        Split takeSplit() {
            Split taken = Objects.requireNonNull(split, "the split was already taken");
            split = null;
            return taken;
        }

        TrainingConfig config() {
            return config;
        }

        String fingerprint() {
            return fingerprint;
        }

        int trainRows() {
            return trainRows;
        }

        int validRows() {
            return validRows;
        }

        int testRows() {
            return testRows;
        }

        FigureSamples samples() {
            return samples;
        }
    }

    static int[] firstRows(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    private Map<String, Object> resultFiles(Path runDir, Path modelPath) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runDir", runDir.toString());
        m.put("model", modelPath.toString());
        m.put("npz", exportNpz != null ? exportNpz.toString() : null);
        return m;
    }

    /** Builds model headers for this run's checkpoints and final model. */
    private record InfoFactory(TrainingConfig config, int splitTest, int splitValid, String fingerprint,
                               String backend, String device) {
        ModelInfo info(String kind, List<EpochResult> history, ModelInfo.TestMetrics test) {
            return new ModelInfo(kind, config.sizes(), ModelInfo.SIGMOID, ModelInfo.Input.mnist(config.sizes()[0]),
                    new ModelInfo.Training(config.batchSize(), config.learningRate(), config.epochs(), config.seed(),
                            splitTest, splitValid, fingerprint, backend, device, config.randomScheme().id()),
                    history.size(), history, test, Versions.engine(), Instant.now().toString());
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
