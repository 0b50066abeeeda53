package org.mlpengine.core.train;

import java.util.List;
import org.mlpengine.core.model.Mlp;

/**
 * The weighted mean of several copies of one network, added in list order so every worker that averages the same
 * list gets the same bits. With weights equal to the rows each copy's last local step used, averaging after every
 * step is synchronous SGD on the union of those rows.
 */
public final class ParameterAverage {
    private ParameterAverage() {
    }

    /** {@code sum_k weights[k] * models[k] / sum_k weights[k]}, per parameter, accumulated in double in list order. */
    public static Mlp weighted(List<Mlp> models, int[] weights) {
        if (models.isEmpty() || models.size() != weights.length) {
            throw new IllegalArgumentException("need one weight per model and at least one model, got "
                    + models.size() + " models and " + weights.length + " weights");
        }
        double total = 0;
        for (int w : weights) {
            if (w < 0) {
                throw new IllegalArgumentException("weights must be >= 0, got " + w);
            }
            total += w;
        }
        if (total == 0) {
            throw new IllegalArgumentException("the weights add up to zero");
        }
        Mlp first = models.get(0);
        int[] sizes = first.sizes();
        for (Mlp m : models) {
            if (!java.util.Arrays.equals(sizes, m.sizes())) {
                throw new IllegalArgumentException("cannot average layers " + first.shape() + " with " + m.shape());
            }
        }
        float[][] w = new float[first.layers()][];
        float[][] b = new float[first.layers()][];
        for (int l = 0; l < w.length; l++) {
            w[l] = average(models, weights, total, l, true);
            b[l] = average(models, weights, total, l, false);
        }
        return new Mlp(sizes, w, b);
    }

    private static float[] average(List<Mlp> models, int[] weights, double total, int layer, boolean ofWeights) {
        int n = ofWeights ? models.get(0).weights(layer).length : models.get(0).biases(layer).length;
        double[] sum = new double[n];
        for (int k = 0; k < models.size(); k++) {
            float[] p = ofWeights ? models.get(k).weights(layer) : models.get(k).biases(layer);
            double share = weights[k] / total;
            for (int i = 0; i < n; i++) {
                sum[i] += share * p[i];
            }
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) sum[i];
        }
        return out;
    }
}
