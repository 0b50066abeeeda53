package org.mlpengine.spark;

import java.io.Serializable;
import java.util.Locale;

/** One point of a sweep's grid: a network with one hidden layer of {@code hidden} units, trained with these settings. */
public record Setting(float learningRate, int hidden, int batchSize, int epochs, long seed) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** "lr=0.1 hidden=50 batch=100 epochs=5 seed=1". */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "lr=%s hidden=%d batch=%d epochs=%d seed=%d", learningRate, hidden, batchSize,
                epochs, seed);
    }

    /** A folder name: "lr0.1-h50-b100-e5-s1". */
    public String slug() {
        return String.format(Locale.ROOT, "lr%s-h%d-b%d-e%d-s%d", learningRate, hidden, batchSize, epochs, seed);
    }
}
