package org.mlpengine.bench;

/**
 * The memory-bound ops of a training step, each at the step's shape and at a large one. Bytes are the
 * minimum the op must read and write, so bytes / time is the effective bandwidth.
 */
public enum StreamOp {
    /** {@code a = sigmoid(a + b)} in place, as the forward pass runs it: reads and writes a. */
    BIAS_SIGMOID(100, 50, 10_000, 1024),
    /** {@code b = -lr colsum(d) + b}, the bias update: reads d, reads and writes b. */
    COLUMN_SUMS(100, 50, 10_000, 1024),
    /** Squared error and correct count of outputs against labels, into a 1x2 accumulator: reads a and labels. */
    ACCUMULATE_METRICS(100, 10, 100_000, 10);

    /** Where the shape comes from: one training step, or enough data to stream through memory. */
    public enum Size { STEP, LARGE }

    private final int stepRows;
    private final int stepCols;
    private final int largeRows;
    private final int largeCols;

    StreamOp(int stepRows, int stepCols, int largeRows, int largeCols) {
        this.stepRows = stepRows;
        this.stepCols = stepCols;
        this.largeRows = largeRows;
        this.largeCols = largeCols;
    }

    public int rows(Size size) {
        return size == Size.STEP ? stepRows : largeRows;
    }

    public int cols(Size size) {
        return size == Size.STEP ? stepCols : largeCols;
    }

    /** Bytes one call reads plus writes. */
    public long bytes(Size size) {
        long r = rows(size);
        long c = cols(size);
        return switch (this) {
            case BIAS_SIGMOID -> 4 * (2 * r * c + c);
            case COLUMN_SUMS -> 4 * (r * c + 2 * c);
            case ACCUMULATE_METRICS -> 4 * (r * c + r + 4);
        };
    }
}
