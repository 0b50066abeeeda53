package org.mlpengine.core.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.EpochShuffler;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.reference.DoubleMatrix;
import org.mlpengine.core.reference.ReferenceMlp;
import org.mlpengine.core.reference.ReferenceOps;
import org.mlpengine.core.train.Metrics;
import org.mlpengine.core.train.ParameterAverage;
import org.mlpengine.core.train.Replica;
import org.mlpengine.core.train.Shards;
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
        stepsMatchTheReference(layers, rows, batch, epochs, learningRate, weightScale, List.of(backend()));
    }

    /**
     * {layers, training rows, batch, replicas, backend instances}: even and uneven shards (100 rows in 3 shards:
     * 34, 33, 33; 10 in 3: 4, 3, 3), replicas sharing one backend instance and spread over two.
     */
    static Stream<Arguments> replicaRuns() {
        return Stream.of(
                Arguments.of("784,50,10", 1000, 100, 2, 1),
                Arguments.of("784,50,10", 1000, 100, 3, 1),
                Arguments.of("784,50,10", 1000, 100, 3, 2),
                Arguments.of("40,16,12,10", 100, 10, 3, 1),
                Arguments.of("33,7,10", 130, 12, 2, 2));
    }

    /**
     * Synchronous data-parallel SGD is SGD on the full batch: {@code replicas} replicas, each on its shard of every
     * minibatch, stay within the training tolerance of the double reference stepping on whole minibatches, step by
     * step (10 steps and more).
     */
    @ParameterizedTest(name = "{0}: {1} rows, batches of {2}, {3} replicas on {4} backend instance(s)")
    @MethodSource("org.mlpengine.core.conformance.TrainerConformanceTest#replicaRuns")
    void replicasStepLikeOneDeviceOnTheFullBatch(String layers, int rows, int batch, int replicas, int instances) {
        float learningRate = layers.split(",").length > 3 ? 0.5f : 0.1f;
        stepsMatchTheReference(layers, rows, batch, 1, learningRate, learningRate > 0.1f ? 4f : 1f,
                replicaBackends(replicas, instances));
    }

    /** Two runs with replicas give the same bits, and the same bits as each other's replicas (one model). */
    @ParameterizedTest(name = "{0} replicas")
    @ValueSource(ints = {2, 3})
    void replicatedRunsAreBitIdenticalRunToRun(int replicas) {
        int[] sizes = {50, 20, 10};
        SplittableRandom rnd = TestData.random("replicas bits " + replicas);
        Split split = new Split(RandomDatasets.of(rnd, 310, sizes), RandomDatasets.of(rnd, 40, sizes),
                RandomDatasets.of(rnd, 40, sizes));
        TrainingConfig config = new TrainingConfig(sizes, 25, 0.5f, 2, 5);
        Mlp first = null;
        for (int run = 0; run < 2; run++) {
            try (Trainer trainer = new Trainer(replicaBackends(replicas, 2), config, split,
                    Mlp.initialize(sizes, 5))) {
                assertEquals(replicas, trainer.replicaCount());
                trainer.train(1, TrainingListener.NONE);
                Mlp m = trainer.model();
                if (first == null) {
                    first = m;
                    continue;
                }
                for (int l = 0; l < m.layers(); l++) {
                    assertTrue(Arrays.equals(first.weights(l), m.weights(l)), "layer " + (l + 1) + " weights differ run to run");
                    assertTrue(Arrays.equals(first.biases(l), m.biases(l)), "layer " + (l + 1) + " biases differ run to run");
                }
            }
        }
    }

    /**
     * Distributed workers ({@link Replica}: local SGD steps on their shards, parameters averaged by rows every step)
     * are synchronous SGD too: after 10 steps within the training tolerance of the in-process replicas, which the
     * test above holds to the reference.
     */
    @Test
    void workersAveragingEveryStepMatchTheInProcessReplicas() {
        int[] sizes = {784, 50, 10};
        SplittableRandom rnd = TestData.random("workers");
        Split split = new Split(RandomDatasets.of(rnd, 1000, sizes), RandomDatasets.of(rnd, 40, sizes),
                RandomDatasets.of(rnd, 40, sizes));
        TrainingConfig config = new TrainingConfig(sizes, 100, 0.1f, 1, 3);
        Mlp init = Mlp.initialize(sizes, 3);
        Shards shards = Shards.split(100, 3);
        int[] permutation = config.randomScheme().epochOrder(1000, 40, config.seed()).permutation(1);
        List<Replica> workers = new ArrayList<>();
        Mlp averaged;
        try {
            for (int k = 0; k < shards.count(); k++) {
                Replica w = new Replica(backend(), config, split.train(), init, shards.maxSize());
                workers.add(w);
                w.beginEpoch(permutation);
            }
            averaged = init;
            for (int step = 0; step < 10; step++) {
                List<Mlp> after = new ArrayList<>();
                for (int k = 0; k < workers.size(); k++) {
                    workers.get(k).setParameters(averaged);
                    workers.get(k).localStep(step * 100 + shards.offset(k), shards.size(k));
                    after.add(workers.get(k).parameters());
                }
                averaged = ParameterAverage.weighted(after, shards.sizes());
            }
        } finally {
            workers.forEach(Replica::close);
        }
        try (Trainer trainer = new Trainer(replicaBackends(3, 1), config, split, init)) {
            trainer.trainingPass(1, TrainingListener.NONE);
            Mlp inProcess = trainer.model();
            ReferenceMlp start = reference(init);
            ReferenceMlp want = reference(inProcess);
            for (int l = 0; l < averaged.layers(); l++) {
                assertMovedLikeReference("workers: weights", "layer " + (l + 1), averaged.weights(l), start.weight(l),
                        want.weight(l), Tolerances.TRAINING_STEPS);
                assertMovedLikeReference("workers: biases", "layer " + (l + 1), averaged.biases(l), start.bias(l),
                        want.bias(l), Tolerances.TRAINING_STEPS);
            }
        }
    }

    /**
     * {@code replicas} entries over {@code instances} backend instances of the provider under test, round robin;
     * the extra instances are closed after the test.
     */
    private List<Backend> replicaBackends(int replicas, int instances) {
        List<Backend> open = new ArrayList<>(List.of(backend()));
        for (int i = 1; i < instances; i++) {
            open.add(track(provider().open(BackendOptions.DEFAULT)));
        }
        List<Backend> each = new ArrayList<>();
        for (int k = 0; k < replicas; k++) {
            each.add(open.get(k % instances));
        }
        return each;
    }

    private void stepsMatchTheReference(String layers, int rows, int batch, int epochs, float learningRate,
                                        float weightScale, List<Backend> replicas) {
        int[] sizes = Arrays.stream(layers.split(",")).mapToInt(Integer::parseInt).toArray();
        int outputs = sizes[sizes.length - 1];
        SplittableRandom rnd = TestData.random("trainer " + layers);
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

        try (Trainer trainer = new Trainer(replicas, config, split, init)) {
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
            System.out.printf("[trainer conformance] %s %s, %d replica(s): %d steps compared one by one with the"
                    + " reference%n", provider().name(), layers, replicas.size(), compared.size());
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
