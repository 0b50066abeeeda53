package org.mlpengine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.BackendException;

class GemmChoiceTest {

    @Test
    void kernelIsAlwaysPossible() {
        GemmChoice c = GemmChoice.resolve(" Kernel ");
        assertFalse(c.cublas());
        assertEquals("own kernel (-Dcuda.gemm=kernel)", c.description());
    }

    @Test
    void unknownModesAreRefusedWithTheChoices() {
        BackendException e = assertThrows(BackendException.class, () -> GemmChoice.resolve("cutlass"));
        assertEquals("-Dcuda.gemm must be cublas, kernel or auto, got 'cutlass'", e.getMessage());
    }

    @Test
    void autoUsesCublasExactlyWhenItLoads() {
        String failure = NativeLibraries.cublasFailure();
        GemmChoice c = GemmChoice.resolve("auto");
        assertEquals(failure == null, c.cublas());
        if (failure != null) {
            assertEquals("own kernel (" + failure + ")", c.description());
            assertTrue(failure.startsWith("libcublas.so.12 not loadable: "), failure);
            BackendException e = assertThrows(BackendException.class, () -> GemmChoice.resolve("cublas"));
            assertEquals("-Dcuda.gemm=cublas, but " + failure, e.getMessage());
        }
    }
}
