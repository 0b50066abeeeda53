package org.mlpengine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.DeviceMatrix;

/** The alignment padding: where the JVM aligns objects to 64 bytes, matrices start on a cache line; the SPI's offsets ignore it. */
class CpuMemoryTest {

    @Test
    void withObjectsOn64ByteBoundariesEveryMatrixStartsOnACacheLine() {
        var vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        int alignment = Integer.parseInt(vm.getVMOption("ObjectAlignmentInBytes").getValue());
        assumeTrue(alignment % 64 == 0, "the JVM aligns objects to " + alignment + " bytes (the build's tests run with 64)");
        assertEquals(0, (sun.misc.Unsafe.ARRAY_FLOAT_BASE_OFFSET + 4 * CpuMemory.ALIGN_PAD) % 64);
        assertEquals(CpuMemory.ALIGN_PAD, CpuMemory.floats(10, "test").length - 10);
    }

    @Test
    void offsetsCountFromTheMatrixNotFromThePadding() {
        try (CpuBackend be = new CpuBackend(1, KernelChoice.best())) {
            DeviceMatrix m = be.allocate(7, 3);
            assertEquals(0, m.offset());
            assertEquals(6, m.rowSlice(2, 4).offset());
            float[] v = new float[21];
            for (int i = 0; i < v.length; i++) {
                v[i] = i;
            }
            be.upload(v, 0, m);
            float[] row = new float[3];
            be.download(m.rowSlice(5, 1), row, 0);
            assertEquals(15f, row[0]);
        }
    }
}
