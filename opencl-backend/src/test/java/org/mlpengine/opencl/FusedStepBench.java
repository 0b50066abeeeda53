package org.mlpengine.opencl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.conformance.PrimitivesOnly;
import org.mlpengine.core.data.Mnist;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.data.StratifiedSplit;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.train.Trainer;
import org.mlpengine.core.train.TrainingConfig;
import org.mlpengine.core.train.TrainingListener;
import org.mlpengine.gpu.GpuBackend;

/**
 * Hand-run harness (not a test): one MNIST epoch of the seed's MLP on the opencl backend with the fused ops
 * (7 launches per step) and with the primitives composed (13), alternating, on one device and one data upload
 * per variant. Prints each epoch's training-pass and evaluation time, launches per epoch, and the medians.
 * Run (after the GemmThroughput class path step in opencl-backend/README.md):
 * {@code java -cp ... org.mlpengine.opencl.FusedStepBench /tmp/mnist/package/data 5}
 */
public final class FusedStepBench {
    private FusedStepBench() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/mnist/package/data");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Split split = StratifiedSplit.seedSplit(Mnist.load(dir), StratifiedSplit.SEED_DEFAULT);
        int[] sizes = TrainingConfig.SEED_SIZES;
        // config.epochs() == rounds and train(rounds, ...) runs exactly one epoch per call.
        TrainingConfig config = new TrainingConfig(sizes, TrainingConfig.SEED_BATCH, TrainingConfig.SEED_LEARNING_RATE,
                rounds, TrainingConfig.SEED_SEED);
        try (GpuBackend be = (GpuBackend) new OpenClBackendProvider().open(BackendOptions.DEFAULT)) {
            System.out.println("device: " + be.device());
            Backend[] variants = {new PrimitivesOnly(be), be};
            String[] names = {"composed", "fused"};
            Trainer[] trainers = new Trainer[2];
            List<List<double[]>> samples = List.of(new ArrayList<>(), new ArrayList<>());
            try {
                for (int v = 0; v < 2; v++) {
                    trainers[v] = new Trainer(variants[v], config, split, Mlp.initialize(sizes, TrainingConfig.SEED_SEED));
                }
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < 2; i++) {
                        int v = (r % 2 == 0) ? i : 1 - i; // alternate which variant goes first
                        long before = be.launches();
                        EpochResult e = trainers[v].train(rounds, TrainingListener.NONE).get(0);
                        long launches = be.launches() - before;
                        samples.get(v).add(new double[] {e.trainSeconds(), e.epochSeconds() - e.trainSeconds()});
                        System.out.printf(Locale.ROOT, "round %d %-8s train pass %6.2f s  eval %6.2f s  launches %d"
                                + "  train acc %.2f%%%n", r + 1, names[v], e.trainSeconds(),
                                e.epochSeconds() - e.trainSeconds(), launches, 100 * e.trainAccuracy());
                    }
                }
            } finally {
                for (Trainer t : trainers) {
                    if (t != null) {
                        t.close();
                    }
                }
            }
            for (int v = 0; v < 2; v++) {
                System.out.printf(Locale.ROOT, "median %-8s train pass %6.2f s  eval %6.2f s  (%d rounds)%n", names[v],
                        median(samples.get(v), 0), median(samples.get(v), 1), rounds);
            }
        }
    }

    private static double median(List<double[]> rows, int col) {
        double[] v = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
