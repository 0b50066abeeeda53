package org.mlpengine.core.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.train.Trainer;
import org.mlpengine.core.train.TrainingConfig;
import org.mlpengine.core.train.TrainingListener;

/**
 * Kernel launches per training step of the seed's 784-50-10 MLP (batch 100), counted through the real
 * {@link Trainer} path, so every backend that counts launches checks the same thing the same way.
 * A step with the fused ops is {@link #FUSED} launches: gatherBatch, linearSigmoid x2, mseOutputDelta,
 * backpropSigmoid, sgdUpdate x2. With the primitives only ({@link PrimitivesOnly}) it is {@link #COMPOSED}.
 */
public final class StepLaunches {
    /** One launch per fused op and one for the output delta. */
    public static final int FUSED = 7;
    /** One launch per primitive: 2 gathers, 2 x (gemm + biasSigmoid), delta, gemm + sigmoidBackward, 2 x (gemm + columnSums). */
    public static final int COMPOSED = 13;

    private static final int STEPS = 10;
    private static final int BATCH = 100;

    private StepLaunches() {
    }

    /**
     * Trains one epoch of {@value #STEPS} steps on synthetic MNIST-shaped data through {@code backend} and returns
     * the launches ({@code launches}, the counter of the backend underneath) between consecutive steps; fails unless
     * every step took the same number and the weights stay finite.
     */
    public static long perTrainingStep(Backend backend, LongSupplier launches) {
        int[] sizes = TrainingConfig.SEED_SIZES;
        SplittableRandom rnd = new SplittableRandom(42);
        Split split = new Split(RandomDatasets.of(rnd, STEPS * BATCH, sizes), RandomDatasets.of(rnd, BATCH, sizes), RandomDatasets.of(rnd, BATCH, sizes));
        TrainingConfig config = new TrainingConfig(sizes, BATCH, 0.1f, 1, 7);
        List<Long> atStep = new ArrayList<>();
        List<EpochResult> results;
        try (Trainer trainer = new Trainer(backend, config, split, Mlp.initialize(sizes, 7))) {
            results = trainer.train(1, new TrainingListener() {
                @Override
                public void onProgress(int epoch, int stepsDone, int stepsTotal) {
                    atStep.add(launches.getAsLong());
                }
            });
        }
        assertEquals(STEPS, atStep.size(), "one progress report per step");
        assertTrue(Double.isFinite(results.get(0).trainMse()), "training stays finite");
        long per = atStep.get(1) - atStep.get(0);
        for (int s = 2; s < atStep.size(); s++) {
            assertEquals(per, atStep.get(s) - atStep.get(s - 1), "launches of step " + (s + 1));
        }
        return per;
    }
}
