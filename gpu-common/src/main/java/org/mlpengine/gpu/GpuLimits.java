package org.mlpengine.gpu;

import org.mlpengine.kernels.KernelConstants;

/**
 * The sizes a driver's kernels were built for and the launch limits of its device.
 *
 * @param constants       the compile-time sizes the program was built with (GEMM tile, ...)
 * @param blockSize       work-items per block of the 1-D kernels and the reductions: a power of two,
 *                        at least {@link KernelConstants#COLUMN_SUMS_WIDTH}, at most {@link KernelConstants#REDUCE_MAX}
 * @param maxGroupsX      the most blocks along x of one launch
 * @param maxGroupsY      the most blocks along y of one launch (CUDA: 65535); larger GEMMs are launched in row chunks
 * @param memoryBytes     device memory this backend may use
 * @param maxBufferBytes  the largest single allocation
 */
public record GpuLimits(KernelConstants constants, int blockSize, long maxGroupsX, long maxGroupsY, long memoryBytes,
                        long maxBufferBytes) {

    public GpuLimits {
        if (Integer.bitCount(blockSize) != 1 || blockSize < KernelConstants.COLUMN_SUMS_WIDTH
                || blockSize > KernelConstants.REDUCE_MAX) {
            throw new IllegalArgumentException("block size must be a power of two in [" + KernelConstants.COLUMN_SUMS_WIDTH
                    + ", " + KernelConstants.REDUCE_MAX + "], got " + blockSize);
        }
        if (maxGroupsX < 1 || maxGroupsY < 1) {
            throw new IllegalArgumentException("grid limits must be positive");
        }
    }

    /** The same limits with at most {@code groups} blocks along y (tests use it to force row chunks). */
    public GpuLimits withMaxGroupsY(long groups) {
        return new GpuLimits(constants, blockSize, maxGroupsX, groups, memoryBytes, maxBufferBytes);
    }
}
