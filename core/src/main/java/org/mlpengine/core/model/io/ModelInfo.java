package org.mlpengine.core.model.io;

import java.util.Arrays;
import java.util.List;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.RandomScheme;

/**
 * The JSON header of a model file: what the weights mean and how they were made. See docs/model-format.md.
 *
 * @param kind            {@link #MODEL} (final weights) or {@link #CHECKPOINT} (weights after {@code epochsCompleted})
 * @param layers          layer sizes, input first; equal to the sizes in the binary section
 * @param activation      the activation of every layer; only {@link #SIGMOID}
 * @param input           how images become input vectors
 * @param training        the settings of the run
 * @param epochsCompleted epochs the weights have been trained for
 * @param history         one entry per completed epoch, in order
 * @param test            final test-split metrics; null in a checkpoint
 * @param createdBy       "mlp-engine VERSION"
 * @param createdAt       ISO-8601 instant
 */
public record ModelInfo(String kind, int[] layers, String activation, Input input, Training training,
                        int epochsCompleted, List<EpochResult> history, TestMetrics test, String createdBy,
                        String createdAt) {
    public static final String MODEL = "model";
    public static final String CHECKPOINT = "checkpoint";
    public static final String SIGMOID = "sigmoid";

    public ModelInfo {
        layers = layers == null ? null : layers.clone();
        history = history == null ? List.of() : List.copyOf(history);
    }

    @Override
    public int[] layers() {
        return layers == null ? null : layers.clone();
    }

    /**
     * Input images: {@code height x width} pixels, row-major, one unsigned byte each, white ink on black
     * (as MNIST), each mapped to {@code ((p / 255) - 0.5) * 2} computed in float64 and rounded to float32.
     */
    public record Input(int width, int height, String normalization, String polarity) {
        public static final String SEED_NORMALIZATION = "((p / 255) - 0.5) * 2";
        public static final String WHITE_ON_BLACK = "white-on-black";

        public static Input mnist(int features) {
            int side = (int) Math.round(Math.sqrt(features));
            return side * side == features ? new Input(side, side, SEED_NORMALIZATION, WHITE_ON_BLACK)
                    : new Input(features, 1, SEED_NORMALIZATION, WHITE_ON_BLACK);
        }
    }

    /**
     * @param splitTest       test samples drawn by the stratified split (seed {@code seed})
     * @param splitValid      validation samples drawn next; the rest trained
     * @param dataFingerprint CRC32 (hex) over every pixel and label of the loaded data set, in load order
     * @param backend         backend name and device that trained it
     * @param randomScheme    {@link RandomScheme#id()} of the split, initial weights and shuffles; absent in files
     *                        written before it existed, which used the engine's
     */
    public record Training(int batchSize, float learningRate, int epochs, long seed, int splitTest, int splitValid,
                           String dataFingerprint, String backend, String device, String randomScheme) {

        /** Settings of a run with the engine's own generators and split. */
        public Training(int batchSize, float learningRate, int epochs, long seed, int splitTest, int splitValid,
                        String dataFingerprint, String backend, String device) {
            this(batchSize, learningRate, epochs, seed, splitTest, splitValid, dataFingerprint, backend, device,
                    RandomScheme.ENGINE.id());
        }

        /**
         * The scheme the run used.
         *
         * @throws IllegalArgumentException the name is not one this build knows
         */
        public RandomScheme scheme() {
            return RandomScheme.of(randomScheme);
        }
    }

    public record TestMetrics(double mse, double accuracy) {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelInfo m && kind.equals(m.kind) && Arrays.equals(layers, m.layers)
                && activation.equals(m.activation) && input.equals(m.input) && training.equals(m.training)
                && epochsCompleted == m.epochsCompleted && history.equals(m.history)
                && java.util.Objects.equals(test, m.test) && createdBy.equals(m.createdBy)
                && createdAt.equals(m.createdAt);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(layers) * 31 + history.hashCode();
    }
}
