package org.mlpengine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.model.io.ModelInfo;
import org.mlpengine.core.model.io.SavedModel;
import org.mlpengine.core.train.Predictor;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Classifies images with a saved model and prints the top classes of each. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify 28x28 grayscale PNGs (other pictures are converted, with a note) or IDX image "
                + "files; prints the top classes of each image with their output scores (sigmoid, 0..1).")
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ModelChoice modelChoice;

    @Mixin
    BackendChoice backendChoice;

    @Option(names = "--top", paramLabel = "K", description = "Classes to print per image (default: ${DEFAULT-VALUE}).")
    int top = 3;

    @Option(names = "--invert", paramLabel = "WHEN",
            description = "Invert pictures to MNIST's white ink on black: auto (when the border is light), yes, no "
                    + "(default: ${DEFAULT-VALUE}).")
    ImageInput.Invert invert = ImageInput.Invert.AUTO;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "PNG pictures or IDX image files.")
    List<Path> files;

    @Override
    public Integer call() {
        SavedModel saved = modelChoice.load();
        int classes = saved.model().outputs();
        if (top < 1 || top > classes) {
            throw new UserError("--top must be between 1 and " + classes + ", got " + top);
        }
        ModelInfo.Input input = saved.info().input();
        if (input.width() * input.height() != saved.model().inputs()) {
            throw new UserError(modelChoice.file + ": its input is " + input.width() + "x" + input.height()
                    + " but the network takes " + saved.model().inputs() + " values");
        }
        backendChoice.check();
        List<ImageInput.Image> images = new ArrayList<>();
        for (Path f : files) {
            images.addAll(ImageInput.read(f, input.width(), input.height(), invert,
                    note -> System.err.println("note: " + note)));
        }
        int n = images.size();
        int features = saved.model().inputs();
        byte[] pixels = new byte[Math.multiplyExact(n, features)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(images.get(i).pixels(), 0, pixels, i * features, features);
        }
        Dataset data = new Dataset(pixels, n, features, new int[n], classes);
        float[] scores;
        try (Backend be = backendChoice.open();
             Predictor p = new Predictor(be, saved.model(), Math.min(n, saved.info().training().batchSize()))) {
            scores = p.scores(data);
        }
        for (int i = 0; i < n; i++) {
            System.out.println(images.get(i).name() + ": " + topClasses(scores, i * classes, classes, top));
        }
        return 0;
    }

    /** "7 (0.981)  9 (0.034)  4 (0.004)": the k highest scores, ties to the lower class. */
    static String topClasses(float[] scores, int offset, int classes, int k) {
        boolean[] used = new boolean[classes];
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < k; t++) {
            int best = -1;
            for (int c = 0; c < classes; c++) {
                if (!used[c] && (best < 0 || scores[offset + c] > scores[offset + best])) {
                    best = c;
                }
            }
            used[best] = true;
            sb.append(t == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%d (%.3f)", best, scores[offset + best]));
        }
        return sb.toString();
    }
}
