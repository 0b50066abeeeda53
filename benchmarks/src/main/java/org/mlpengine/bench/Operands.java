package org.mlpengine.bench;

import java.util.SplittableRandom;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;

/** Device operands filled from a seeded generator, for the per-op benchmarks. */
final class Operands {
    private Operands() {
    }

    /** A {@code rows x cols} matrix of values uniform in [-1, 1). */
    static DeviceMatrix random(Backend device, int rows, int cols, SplittableRandom rng) {
        float[] host = new float[rows * cols];
        for (int i = 0; i < host.length; i++) {
            host[i] = (float) rng.nextDouble(-1, 1);
        }
        DeviceMatrix m = device.allocate(rows, cols);
        device.upload(host, 0, m);
        device.synchronize();
        return m;
    }

    /** {@code length} labels uniform in {@code [0, classes)}. */
    static DeviceInts labels(Backend device, int length, int classes, SplittableRandom rng) {
        int[] host = new int[length];
        for (int i = 0; i < length; i++) {
            host[i] = rng.nextInt(classes);
        }
        DeviceInts v = device.allocateInts(length);
        device.upload(host, 0, v);
        device.synchronize();
        return v;
    }
}
