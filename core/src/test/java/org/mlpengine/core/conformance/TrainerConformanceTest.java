package org.mlpengine.core.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.EpochShuffler;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.reference.DoubleMatrix;
import org.mlpengine.core.reference.ReferenceMlp;
import org.mlpengine.core.reference.ReferenceOps;
import org.mlpengine.core.train.Metrics;
import org.mlpengine.core.train.Trainer;
import org.mlpengine.core.train.TrainingConfig;
import org.mlpengine.core.train.TrainingListener;

/**
 * The shipped {@link Trainer}, step by step, against the double reference ({@link ReferenceMlp}): the same
 * starting floats, the same minibatches in the same order ({@link EpochShuffler} of the run's seed and epoch,
 * the last incomplete minibatch dropped), and after every step the trainer's weights, downloaded, within
 * {@link Tolerances#TRAINING_STEPS} of the reference's, relative to how far the reference moved each tensor.
 * Networks with one (the seed's 784-50-10 among them), two and three hidden layers. After every epoch the
 * reported training and validation MSE must be the true mean of the squared error of the trainer's own weights
 * over every sample and output, within a float sum's bound (the book's formula, summed batch means divided by one
 * batch fewer, is off by a factor batches / (batches - 1), orders of magnitude more), and the accuracies the
 * reference's up to rows too close to call; likewise the test-set metrics at the end.
 *
 * <p>Each backend module runs it by subclassing and naming its provider, like {@link BackendConformanceTest}.
 */
public abstract class TrainerConformanceTest extends BackendFixture {

    @Override
    protected String suite() {
        return "trainer";
    }

    /**
     * {layers, training rows, batch, epochs, learning rate}: the seed's network and batch; a small one whose
     * epochs end in a dropped partial batch; two and three hidden layers (a larger rate, so the first layer
     * still moves well above float rounding after the sigmoids below it have shrunk its gradient).
     */
    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("784,50,10", 500, 100, 2, 0.1f, 1f),
                Arguments.of("33,7,10", 130, 12, 3, 0.1f, 1f),
                Arguments.of("40,16,12,10", 150, 10, 2, 0.5f, 4f),
                Arguments.of("30,16,12,8,10", 150, 10, 2, 0.5f, 4f));
    }

    @ParameterizedTest(name = "{0}: {1} rows, batches of {2}, {3} epochs, learning rate {4}, initial weights x{5}")
    @MethodSource("org.mlpengine.core.conformance.TrainerConformanceTest#networks")
    void trainerStepsMatchTheReference(String layers, int rows, int batch, int epochs, float learningRate,
                                       float weightScale) {
        int[] sizes = Arrays.stream(layers.split(",")).mapToInt(Integer::parseInt).toArray();
        int outputs = sizes[sizes.length - 1];
        SplittableRandom rnd = RandomInputs.random("trainer " + layers);
        Split split = new Split(RandomDatasets.of(rnd, rows, sizes), RandomDatasets.of(rnd, 60, sizes), RandomDatasets.of(rnd, 70, sizes));
        long seed = 11;
        TrainingConfig config = new TrainingConfig(sizes, batch, learningRate, epochs, seed);
        Mlp init = scaled(Mlp.initialize(sizes, seed), weightScale);
        ReferenceMlp ref = reference(init);
        ReferenceMlp start = reference(init);
        DoubleMatrix trainX = features(split.train());
        int[] trainY = split.train().labels();
        int steps = rows / batch;
        EpochShuffler shuffler = new EpochShuffler(rows, seed);

        try (Trainer trainer = new Trainer(backend(), config, split, init)) {
            assertEquals(steps, trainer.stepsPerEpoch(), "steps per epoch: the partial batch is dropped");
            List<String> compared = new ArrayList<>();
            TrainingListener lockstep = new TrainingListener() {
                private int epochOfOrder;
                private int[] order;
                private int refSteps;

                @Override
                public void onProgress(int epoch, int stepsDone, int stepsTotal) {
                    if (epoch != epochOfOrder) {
                        order = shuffler.permutation(epoch).clone();
                        epochOfOrder = epoch;
                        refSteps = 0;
                    }
                    for (; refSteps < stepsDone; refSteps++) {
                        int[] idx = Arrays.copyOfRange(order, refSteps * batch, (refSteps + 1) * batch);
                        ref.step(ReferenceOps.gatherRows(trainX, idx), ReferenceOps.gatherInts(trainY, idx), learningRate);
                    }
                    String where = layers + " epoch " + epoch + " step " + stepsDone + "/" + stepsTotal;
                    assertParamsMatch(trainer.model(), ref, start, where);
                    compared.add(where);
                }

                @Override
                public void onEpoch(EpochResult r) {
                    ReferenceMlp own = reference(trainer.model());
                    String where = layers + " after epoch " + r.epoch();
                    assertMetricsAreTrueMeans("train", where, r.trainMse(), r.trainAccuracy(), own, split.train());
                    assertMetricsAreTrueMeans("valid", where, r.validMse(), r.validAccuracy(), own, split.valid());
                }
            };
            List<EpochResult> results = trainer.train(1, lockstep);
            assertEquals(epochs, results.size());
            assertTrue(compared.size() >= epochs, "the weights were compared at least once per epoch: " + compared);
            assertTrue(compared.get(compared.size() - 1).endsWith("epoch " + epochs + " step " + steps + "/" + steps),
                    "and after the last step: " + compared);
            Metrics test = trainer.evaluateTest();
            assertMetricsAreTrueMeans("test", layers + " at the end", test.mse(), test.accuracy(),
                    reference(trainer.model()), split.test());
            System.out.printf("[trainer conformance] %s %s: %d steps compared one by one with the reference%n",
                    provider().name(), layers, compared.size());
        }
    }

    /** Every layer's weights and bias against the reference's, relative to how far the reference moved them. */
    private void assertParamsMatch(Mlp got, ReferenceMlp want, ReferenceMlp start, String where) {
        for (int l = 0; l < got.layers(); l++) {
            assertMovedLikeReference("trainer: weights", where + ", layer " + (l + 1), got.weights(l), start.weight(l),
                    want.weight(l), Tolerances.TRAINING_STEPS);
            assertMovedLikeReference("trainer: biases", where + ", layer " + (l + 1), got.biases(l), start.bias(l),
                    want.bias(l), Tolerances.TRAINING_STEPS);
        }
    }

    /**
     * The reported MSE against the reference's true mean over every sample and output for the same weights, within a
     * float sum's bound; the accuracy up to rows whose two largest outputs are too close to call.
     */
    private void assertMetricsAreTrueMeans(String set, String where, double mse, double accuracy, ReferenceMlp model,
                                           Dataset data) {
        DoubleMatrix x = features(data);
        int[] labels = data.labels();
        ReferenceMlp.Metrics want = model.computeMseAndAcc(x, labels);
        long terms = (long) data.rows() * model.weight(model.layers() - 1).rows;
        assertClose("trainer: " + set + " MSE", where, new float[] {(float) mse}, new double[] {want.mse()},
                Tolerances.sumSquaredError(terms) + Tolerances.TRAINED_MSE);
        int ambiguous = ConformanceSupport.nearTies(model.forward(x).out());
        double correct = accuracy * data.rows();
        assertTrue(Math.abs(correct - want.correct()) <= ambiguous + 1e-6, set + " accuracy " + accuracy + " ("
                + correct + " rows), reference " + want.correct() + " (" + ambiguous + " rows too close to call), " + where);
    }

    /** The seed's initialization with every weight multiplied by {@code factor}. */
    private static Mlp scaled(Mlp m, float factor) {
        for (int l = 0; l < m.layers(); l++) {
            float[] w = m.weights(l);
            for (int i = 0; i < w.length; i++) {
                w[i] *= factor;
            }
        }
        return m;
    }

    private static ReferenceMlp reference(Mlp m) {
        int[] sizes = m.sizes();
        DoubleMatrix[] w = new DoubleMatrix[m.layers()];
        DoubleMatrix[] b = new DoubleMatrix[m.layers()];
        for (int l = 0; l < m.layers(); l++) {
            w[l] = DoubleMatrix.of(m.weights(l), sizes[l + 1], sizes[l]);
            b[l] = DoubleMatrix.of(m.biases(l), 1, sizes[l + 1]);
        }
        return new ReferenceMlp(w, b);
    }

    /** The features as the trainer sees them (normalized floats), widened to double. */
    private static DoubleMatrix features(Dataset d) {
        float[] f = new float[d.rows() * d.features()];
        d.copyFeatures(0, d.rows(), f, 0);
        return DoubleMatrix.of(f, d.rows(), d.features());
    }
}
