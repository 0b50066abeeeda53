package org.mlpengine.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.Backends;
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
 * Time of one {@link Backend#gemm} at the training step's shapes and at 1024^3, waited for; the report turns it
 * into GFLOP/s with {@link GemmShape#flops()}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {BenchMain.VECTOR_MODULE, BenchMain.ALIGN_OBJECTS, BenchMain.C2_ONLY})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GemmRate {
    @Param({"cpu", "opencl", "cuda"})
    public String backend;

    @Param
    public GemmShape shape;

    private Backend device;
    private DeviceMatrix a;
    private DeviceMatrix b;
    private DeviceMatrix c;

    @Setup
    public void setup() {
        device = Backends.open(backend, BackendOptions.DEFAULT);
        SplittableRandom rng = new SplittableRandom(1);
        a = Operands.random(device, shape.aRows(), shape.aCols(), rng);
        b = Operands.random(device, shape.bRows(), shape.bCols(), rng);
        c = Operands.random(device, shape.m, shape.n, rng);
    }

    @Benchmark
    public void gemm() {
        device.gemm(shape.transA, shape.transB, shape.alpha, a, b, shape.beta, c);
        device.synchronize();
    }

    @TearDown
    public void tearDown() {
        device.close();
    }
}
