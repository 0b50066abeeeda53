package org.mlpengine.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.model.RandomScheme;
import org.mlpengine.core.model.io.ModelInfo;
import org.mlpengine.core.model.io.SavedModel;
import org.mlpengine.core.train.Metrics;
import org.mlpengine.core.train.Predictor;
import org.mlpengine.core.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Scores a saved model on the test part of the split it was trained with: MSE, accuracy, confusion matrix. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Print a saved model's test MSE, accuracy and confusion matrix (the test part of the "
                + "seed's split, drawn with the model's seed, split sizes and random scheme unless --split is given).")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ModelChoice modelChoice;

    @Mixin
    DataChoice data;

    @Mixin
    BackendChoice backendChoice;

    @Override
    public Integer call() {
        data.check();
        SavedModel saved = modelChoice.load();
        ModelInfo.Training t = saved.info().training();
        backendChoice.check();
        Dataset all = data.load();
        if (!all.fingerprint().equals(t.dataFingerprint())) {
            System.err.println("note: this data differs from the data " + modelChoice.file + " was trained on");
        }
        Split split = t.scheme().split(all, data.splitGiven() ? data.testCount() : t.splitTest(),
                data.splitGiven() ? data.validCount() : t.splitValid(), t.seed());
        Dataset test = split.test();
        Metrics m;
        int[] predicted;
        try (Backend be = backendChoice.open(); Predictor p = new Predictor(be, saved.model(),
                TrainingConfig.evaluationRows(t.batchSize()))) {
            m = p.evaluate(test);
            predicted = p.predict(test);
        }
        int classes = saved.model().outputs();
        System.out.println("Model: " + modelChoice.file + " (" + saved.model().shape() + ", " + saved.info().kind()
                + " after " + saved.info().epochsCompleted() + " epochs, seed " + t.seed()
                + (t.scheme() == RandomScheme.NUMPY ? ", NumPy-compatible split" : "") + ")");
        System.out.printf(Locale.ROOT, "Test samples: %d%n", test.rows());
        System.out.printf(Locale.ROOT, "Test MSE: %.4f%n", m.mse());
        System.out.printf(Locale.ROOT, "Test accuracy: %.2f%%%n", m.accuracy() * 100);
        System.out.println();
        System.out.print(confusionMatrix(test, predicted, classes));
        return 0;
    }

    /** Rows are true classes, columns predicted classes. */
    static String confusionMatrix(Dataset test, int[] predicted, int classes) {
        long[][] counts = new long[classes][classes];
        for (int i = 0; i < predicted.length; i++) {
            counts[test.label(i)][predicted[i]]++;
        }
        StringBuilder sb = new StringBuilder("Confusion matrix (rows: true class, columns: predicted class)\n");
        sb.append("true\\pred");
        for (int c = 0; c < classes; c++) {
            sb.append(String.format(Locale.ROOT, "%6d", c));
        }
        sb.append('\n');
        for (int r = 0; r < classes; r++) {
            sb.append(String.format(Locale.ROOT, "%9d", r));
            for (int c = 0; c < classes; c++) {
                sb.append(String.format(Locale.ROOT, "%6d", counts[r][c]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
