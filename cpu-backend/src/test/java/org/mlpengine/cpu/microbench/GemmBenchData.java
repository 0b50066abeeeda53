package org.mlpengine.cpu.microbench;

import java.util.Random;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.DeviceMatrix;

/** Random matrices for the hand-run benches. */
final class GemmBenchData {
    private GemmBenchData() {
    }

    static DeviceMatrix random(Backend be, Random rnd, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextFloat() - 0.5f;
        }
        DeviceMatrix m = be.allocate(rows, cols);
        be.upload(v, 0, m);
        return m;
    }
}
