package org.mlpengine.examples;

import java.nio.file.Path;
import java.util.Locale;

import org.mlpengine.core.api.MlpEngine;
import org.mlpengine.core.api.Model;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.data.DataException;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.TabularData;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.train.TrainingListener;

/**
 * Trains an MLP on your own data: a CSV file (features and an integer label per line, label in the last column) or
 * two NumPy files (features {@code samples x features}, labels {@code samples}).
 *
 * <pre>
 * TrainOnCsv DATA.csv [--header] [--classes N] [--hidden N] [--epochs N] [--backend NAME]
 * TrainOnCsv FEATURES.npy LABELS.npy [--classes N] [--hidden N] [--epochs N] [--backend NAME]
 * </pre>
 * Without {@code --classes}, the number of classes is the largest label plus one.
 * A fifth of the samples are held out for testing and a fifth for validation, stratified by class. Bad data ends
 * the program with one line naming the file, line and column, and exit status 2.
 */
public final class TrainOnCsv {
    private TrainOnCsv() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (DataException | BackendException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** The example without the exit: bad input is an exception with a one-line message. */
    static Model run(String[] args) {
        Options options = Options.parse(args);
        Dataset data = options.read().dataset();
        int holdOut = Math.max(data.classes(), data.rows() / 5);
        int trainRows = data.rows() - 2 * holdOut;
        String name = options.name();
        if (trainRows < data.classes()) {
            throw new IllegalArgumentException(name + ": " + data.rows() + " samples are too few for " + data.classes()
                    + " classes (a fifth of them, at least one per class, is held out for testing and as much for "
                    + "validation)");
        }
        System.out.printf(Locale.ROOT, "%s: %d samples, %d features, %d classes; %d train, %d validation, %d test%n",
                name, data.rows(), data.features(),
                data.classes(), trainRows, holdOut, holdOut);

        Model model = MlpEngine.training()
                .layers(data.features(), options.hidden(), data.classes())
                .data(data)
                .splitSizes(holdOut, holdOut)
                .batchSize(Math.max(1, Math.min(10, trainRows)))
                .learningRate(0.5f)
                .epochs(options.epochs())
                .seed(1)
                .backend(options.backend())
                .listener(everyTenthEpoch(options.epochs()))
                .run();
        System.out.printf(Locale.ROOT, "Test accuracy: %.2f%%%n", 100 * model.testMetrics().accuracy());
        return model;
    }

    /** Prints about ten of the {@code total} epochs' lines, the last one included. */
    private static TrainingListener everyTenthEpoch(int total) {
        int every = Math.max(1, total / 10);
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochResult r) {
                if (r.epoch() % every == 0 || r.epoch() == total) {
                    System.out.printf(Locale.ROOT, "Epoch: %03d/%03d | Train MSE: %.3f | Train Acc: %.2f%% "
                                    + "| Valid Acc: %.2f%%%n", r.epoch(), total, r.trainMse(),
                            100 * r.trainAccuracy(), 100 * r.validAccuracy());
                }
            }
        };
    }

    /** The command line: a CSV file, or a features and a labels {@code .npy} file, and the options. */
    private record Options(Path csv, Path features, Path labels, boolean header, int classes, int hidden, int epochs,
                           String backend) {
        static Options parse(String[] args) {
            Path csv = null;
            Path features = null;
            Path labels = null;
            boolean header = false;
            int classes = 0;
            int hidden = 16;
            int epochs = 50;
            String backend = "auto";
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--header" -> header = true;
                    case "--classes" -> classes = Integer.parseInt(args[++i]);
                    case "--hidden" -> hidden = Integer.parseInt(args[++i]);
                    case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                    case "--backend" -> backend = args[++i];
                    default -> {
                        Path p = Path.of(args[i]);
                        if (args[i].endsWith(".npy")) {
                            if (features == null) {
                                features = p;
                            } else {
                                labels = p;
                            }
                        } else {
                            csv = p;
                        }
                    }
                }
            }
            return new Options(csv, features, labels, header, classes, hidden, epochs, backend);
        }

        TabularData read() {
            if (csv != null) {
                return TabularData.readCsv(csv, -1, header, classes);
            } else if (labels != null) {
                return TabularData.readNpy(features, labels, classes);
            }
            throw new IllegalArgumentException("usage: TrainOnCsv DATA.csv [--header] | FEATURES.npy LABELS.npy "
                    + "[--classes N] [--hidden N] [--epochs N] [--backend NAME]");
        }

        /** The data file's name, for messages. */
        String name() {
            return (csv != null ? csv : features).getFileName().toString();
        }
    }
}
