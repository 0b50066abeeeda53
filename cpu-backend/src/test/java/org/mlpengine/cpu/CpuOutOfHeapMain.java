package org.mlpengine.cpu;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.DeviceMatrix;

/**
 * Run in a child JVM with a small heap ({@code -Xmx96m}) by {@link CpuDeviceFaultTest}: asks for a matrix
 * larger than the heap, prints the error, then checks that the same backend still computes a GEMM right.
 */
public final class CpuOutOfHeapMain {
    public static void main(String[] args) {
        try (Backend be = new CpuBackendProvider().open(BackendOptions.DEFAULT)) {
            DeviceMatrix kept = be.allocate(64, 64);
            try {
                be.allocate(16384, 4096); // 256 MiB
                System.out.println("NOT REFUSED");
                return;
            } catch (BackendException e) {
                System.out.println("refused: " + e.getMessage());
            }
            System.out.println(CpuDeviceFaultTest.gemmStillRight(be) ? "gemm after the failure: right" : "WRONG");
            kept.close();
        }
        System.out.println("OK");
    }
}
