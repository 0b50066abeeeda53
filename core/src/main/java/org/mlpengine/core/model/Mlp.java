package org.mlpengine.core.model;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * A fully connected network with sigmoid activations on every layer, held on the host.
 *
 * <p>Layer {@code l} maps {@code sizes[l]} inputs to {@code sizes[l+1]} outputs with a weight matrix of
 * shape {@code sizes[l+1] x sizes[l]} (row-major, as the seed's {@code weight_h}) and a bias vector.
 */
public final class Mlp {
    private final int[] sizes;
    private final float[][] weights;
    private final float[][] biases;

    public Mlp(int[] sizes, float[][] weights, float[][] biases) {
        checkSizes(sizes);
        if (weights.length != sizes.length - 1 || biases.length != sizes.length - 1) {
            throw new IllegalArgumentException("expected " + (sizes.length - 1) + " weight and bias arrays");
        }
        for (int l = 0; l < weights.length; l++) {
            if (weights[l].length != sizes[l + 1] * sizes[l] || biases[l].length != sizes[l + 1]) {
                throw new IllegalArgumentException("layer " + (l + 1) + ": expected " + sizes[l + 1] + "x" + sizes[l]
                        + " weights and " + sizes[l + 1] + " biases");
            }
        }
        this.sizes = sizes.clone();
        this.weights = weights;
        this.biases = biases;
    }

    /** Standard deviation of the initial weights, the seed's {@code normal(loc=0.0, scale=0.1)}. */
    public static final double INIT_SCALE = 0.1;

    /**
     * The seed's initialization: weights from N(0, 0.1), biases zero, drawn layer after layer from one
     * generator seeded with {@code seed} (the seed uses NumPy's RandomState(123); this uses java.util.Random,
     * so the draws differ but their distribution is the same; {@code train --numpy-compat} draws NumPy's).
     */
    public static Mlp initialize(int[] sizes, long seed) {
        Random rng = new Random(seed);
        return initialize(sizes, () -> rng.nextGaussian() * INIT_SCALE);
    }

    /**
     * Weights from {@code weight} (each value rounded to float), drawn layer after layer and, within a layer, row
     * after row ({@code sizes[l+1] x sizes[l]}, as NumPy fills {@code normal(size=(rows, columns))}); biases zero.
     */
    public static Mlp initialize(int[] sizes, DoubleSupplier weight) {
        checkSizes(sizes);
        float[][] w = new float[sizes.length - 1][];
        float[][] b = new float[sizes.length - 1][];
        for (int l = 0; l < w.length; l++) {
            w[l] = new float[sizes[l + 1] * sizes[l]];
            for (int i = 0; i < w[l].length; i++) {
                w[l][i] = (float) weight.getAsDouble();
            }
            b[l] = new float[sizes[l + 1]];
        }
        return new Mlp(sizes, w, b);
    }

    private static void checkSizes(int[] sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a network needs at least an input and an output layer, got "
                    + Arrays.toString(sizes));
        }
        for (int s : sizes) {
            if (s <= 0) {
                throw new IllegalArgumentException("layer sizes must be positive, got " + Arrays.toString(sizes));
            }
        }
    }

    public int[] sizes() {
        return sizes.clone();
    }

    public int layers() {
        return weights.length;
    }

    public int inputs() {
        return sizes[0];
    }

    public int outputs() {
        return sizes[sizes.length - 1];
    }

    /** Layer {@code l}'s weights ({@code sizes[l+1] x sizes[l]}, row-major). The array is shared, not copied. */
    public float[] weights(int l) {
        return weights[l];
    }

    /** Layer {@code l}'s biases. The array is shared, not copied. */
    public float[] biases(int l) {
        return biases[l];
    }

    public Mlp copy() {
        float[][] w = new float[weights.length][];
        float[][] b = new float[biases.length][];
        for (int l = 0; l < w.length; l++) {
            w[l] = weights[l].clone();
            b[l] = biases[l].clone();
        }
        return new Mlp(sizes, w, b);
    }

    /** The layer sizes as the command line writes them: "784,50,10". */
    public String shape() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            sb.append(i == 0 ? "" : ",").append(sizes[i]);
        }
        return sb.toString();
    }
}
