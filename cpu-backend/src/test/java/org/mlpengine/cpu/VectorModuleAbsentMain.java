package org.mlpengine.cpu;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.DeviceMatrix;

/**
 * Run by {@link VectorModuleAbsentTest} in a JVM without {@code --add-modules jdk.incubator.vector}:
 * opens the backend, runs a gemm, checks it against plain loops, prints the device and "OK".
 */
public final class VectorModuleAbsentMain {
    public static void main(String[] args) {
        int m = 17, n = 65, k = 129;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 13) - 6;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (i % 7) - 3;
        }
        float[] c = new float[m * n];
        try (Backend be = new CpuBackendProvider().open(BackendOptions.DEFAULT)) {
            DeviceMatrix da = be.allocate(m, k);
            DeviceMatrix db = be.allocate(k, n);
            DeviceMatrix dc = be.allocate(m, n);
            be.upload(a, 0, da);
            be.upload(b, 0, db);
            be.gemm(false, false, 1, da, db, 0, dc);
            be.download(dc, c, 0);
            System.out.println(be.device());
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0; // small integers: every partial sum is exact in float
                for (int p = 0; p < k; p++) {
                    sum += a[i * k + p] * b[p * n + j];
                }
                if (sum != c[i * n + j]) {
                    System.out.println("MISMATCH at " + i + "," + j + ": " + c[i * n + j] + " vs " + sum);
                    System.exit(1);
                }
            }
        }
        System.out.println("OK");
    }
}
