package org.mlpengine.core.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.reference.DoubleMatrix;
import org.mlpengine.core.reference.ReferenceMlp;
import org.mlpengine.core.reference.ReferenceOps;

/** A few SGD steps composed from SPI ops, then an evaluation pass, against the double reference MLP. */
public interface TrainingConformance extends ConformanceSupport {

    float LEARNING_RATE = 0.1f;

    @ParameterizedTest(name = "{0}-{1}-{2} MLP, {3} rows, batches of {4}, fused ops {5}")
    @CsvSource({"33,7,10,60,12,false", "784,50,10,300,100,false", "33,7,10,60,12,true", "784,50,10,300,100,true"})
    default void trainingStepsMatchReference(int features, int hidden, int classes, int rows, int batch, boolean fused) {
        String where = features + "-" + hidden + "-" + classes + " batch " + batch + (fused ? " fused" : "");
        SplittableRandom rnd = RandomInputs.random("training " + where);
        float[] data = RandomInputs.uniform(rnd, rows * features, -1, 1);
        int[] labels = RandomInputs.ints(rnd, rows, classes);
        int[] order = RandomInputs.permutation(rnd, rows);
        float[][] params = {
            RandomInputs.gaussian(rnd, hidden * features, 0.1), RandomInputs.gaussian(rnd, hidden, 0.1),
            RandomInputs.gaussian(rnd, classes * hidden, 0.1), RandomInputs.gaussian(rnd, classes, 0.1),
        };
        int[][] shapes = {{hidden, features}, {1, hidden}, {classes, hidden}, {1, classes}};
        DoubleMatrix[] start = new DoubleMatrix[4];
        for (int t = 0; t < 4; t++) {
            start[t] = DoubleMatrix.of(params[t], shapes[t][0], shapes[t][1]);
        }
        ReferenceMlp ref = new ReferenceMlp(start[0], start[1], start[2], start[3]);
        DoubleMatrix refData = DoubleMatrix.of(data, rows, features);

        try (SpiMlp mlp = new SpiMlp(backend(), features, hidden, classes, batch, fused)) {
            DeviceMatrix[] deviceParams = {mlp.weightH, mlp.biasH, mlp.weightOut, mlp.biasOut};
            for (int t = 0; t < 4; t++) {
                backend().upload(params[t], 0, deviceParams[t]);
            }
            DeviceMatrix dData = matrix(data, rows, features);
            DeviceInts dLabels = ints(labels);
            DeviceInts dOrder = ints(order);
            for (int s = 0; s + batch <= rows; s += batch) {
                mlp.step(dData, dLabels, dOrder.slice(s, batch), LEARNING_RATE);
                int[] idx = Arrays.copyOfRange(order, s, s + batch);
                ref.step(ReferenceOps.gatherRows(refData, idx), ReferenceOps.gatherInts(labels, idx), LEARNING_RATE);
            }
            DoubleMatrix[] trained = {ref.weight(0), ref.bias(0), ref.weight(1), ref.bias(1)};
            String[] names = {"weight_h", "bias_h", "weight_out", "bias_out"};
            for (int t = 0; t < 4; t++) {
                assertMovedLikeReference("training: params", names[t] + " after " + (rows / batch) + " steps, " + where,
                        download(deviceParams[t]), start[t], trained[t], Tolerances.TRAINING_STEPS);
            }

            DeviceMatrix metrics = matrix(1, 2);
            mlp.evaluate(dData, dLabels, metrics);
            float[] got = download(metrics);
            ReferenceMlp.Metrics want = ref.computeMseAndAcc(refData, labels);
            assertClose("training: mse", where, new float[] {got[0] / ((float) rows * classes)},
                    new double[] {want.mse()}, Tolerances.TRAINED_MSE);
            int ambiguous = ConformanceSupport.nearTies(ref.forward(refData).out());
            assertTrue(Math.abs(got[1] - want.correct()) <= ambiguous, "training: correct count " + got[1]
                    + ", reference " + want.correct() + " (" + ambiguous + " rows too close to call), " + where);
        }
    }
}
