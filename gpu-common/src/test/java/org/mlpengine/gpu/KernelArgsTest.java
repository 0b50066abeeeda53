package org.mlpengine.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mlpengine.kernels.Kernel;

/** Arguments are checked against the kernel's declared signature as they are packed, on every driver alike. */
class KernelArgsTest {

    @Test
    void scalarsArePackedInOrder() {
        KernelArgs args = new KernelArgs();
        args.start(Kernel.GEMM_NN).i(3).i(4).i(5).f(0.5f);
        assertEquals(4, args.count());
        assertEquals(Kernel.Arg.FLOAT, args.kind(3));
        assertEquals(5, args.intAt(2));
        assertEquals(0.5f, args.floatAt(3));
        assertEquals(Kernel.GEMM_NN, args.kernel());
    }

    @Test
    void anArgumentOfTheWrongKindFailsNamingTheKernelAndPosition() {
        KernelArgs args = new KernelArgs();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> args.start(Kernel.COLUMN_SUMS).i(1).i(2).i(3));
        assertEquals("argument 2 of column_sums is FLOAT, got INT", e.getMessage());
    }

    @Test
    void tooFewOrTooManyArgumentsFail() {
        KernelArgs args = new KernelArgs();
        args.start(Kernel.GEMM_NN).i(3).i(4);
        IllegalStateException few = assertThrows(IllegalStateException.class, args::checkComplete);
        assertEquals("gemm_nn takes 11 arguments, got 2", few.getMessage());
        KernelArgs scalars = new KernelArgs().start(Kernel.SIGMOID_BACKWARD).i(1);
        assertThrows(IllegalStateException.class, () -> scalars.i(2));
    }

    @Test
    void limitsRefuseBlockSizesTheReductionsCannotTake() {
        assertThrows(IllegalArgumentException.class, () -> new GpuLimits(
                org.mlpengine.kernels.KernelConstants.DEFAULT, 96, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new GpuLimits(
                org.mlpengine.kernels.KernelConstants.DEFAULT, 512, 1, 1, 1, 1));
    }
}
