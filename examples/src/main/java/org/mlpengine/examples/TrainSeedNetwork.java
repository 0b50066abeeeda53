package org.mlpengine.examples;

import java.nio.file.Path;
import java.util.Locale;

import org.mlpengine.core.api.MlpEngine;
import org.mlpengine.core.api.Model;
import org.mlpengine.core.data.DataCache;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Mnist;
import org.mlpengine.core.data.MnistFetcher;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.train.TrainingListener;

/**
 * Trains the book's network (784-50-10, sigmoid, MSE, minibatch SGD, batch 100, learning rate 0.1, seed 123) on
 * MNIST and prints the book's lines.
 *
 * <pre>
 * TrainSeedNetwork [EPOCHS [BACKEND [MNIST_DIR [SAVE_AS.mlpm]]]]
 * </pre>
 * Without MNIST_DIR, MNIST comes from the data cache, fetched on first use as {@code mlp-engine train} does.
 */
public final class TrainSeedNetwork {
    private TrainSeedNetwork() {
    }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        String backend = args.length > 1 ? args[1] : "auto";
        Path dir = args.length > 2 ? Path.of(args[2])
                : new MnistFetcher().ensure(DataCache.defaultDir(), System.err::println);
        Dataset mnist = Mnist.load(dir);

        Model model = MlpEngine.training()
                .layers(784, 50, 10)
                .data(mnist)
                .epochs(epochs)
                .backend(backend)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochResult r) {
                        System.out.printf(Locale.ROOT, "Epoch: %03d/%03d | Train MSE: %.2f | Train Acc: %.2f%% "
                                        + "| Valid Acc: %.2f%%%n", r.epoch(), epochs, r.trainMse(),
                                100 * r.trainAccuracy(), 100 * r.validAccuracy());
                    }
                })
                .run();
        System.out.printf(Locale.ROOT, "Test accuracy: %.2f%%%n", 100 * model.testMetrics().accuracy());
        if (args.length > 3) {
            model.save(Path.of(args[3]));
            System.out.println("saved " + args[3]);
        }
    }
}
