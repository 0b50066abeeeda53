package org.mlpengine.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.Backends;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one memory-bound op (fused bias + sigmoid, column sums, metric accumulation), waited for; the report
 * turns it into GB/s with {@link StreamOp#bytes}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {BenchMain.VECTOR_MODULE, BenchMain.ALIGN_OBJECTS, BenchMain.C2_ONLY})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StreamRate {
    @Param({"cpu", "opencl", "cuda"})
    public String backend;

    @Param
    public StreamOp op;

    @Param
    public StreamOp.Size size;

    private Backend device;
    private DeviceMatrix a;
    private DeviceMatrix row;
    private DeviceInts labels;

    @Setup
    public void setup() {
        device = Backends.open(backend, BackendOptions.DEFAULT);
        SplittableRandom rng = new SplittableRandom(1);
        int rows = op.rows(size);
        int cols = op.cols(size);
        a = Operands.random(device, rows, cols, rng);
        row = Operands.random(device, 1, op == StreamOp.ACCUMULATE_METRICS ? 2 : cols, rng);
        labels = Operands.labels(device, rows, cols, rng);
    }

    @Benchmark
    public void run() {
        switch (op) {
            case BIAS_SIGMOID -> device.biasSigmoid(a, row, a);
            case COLUMN_SUMS -> device.columnSums(-0.1f, a, 1f, row);
            case ACCUMULATE_METRICS -> device.accumulateMetrics(a, labels, row);
        }
        device.synchronize();
    }

    @TearDown
    public void tearDown() {
        device.close();
    }
}
