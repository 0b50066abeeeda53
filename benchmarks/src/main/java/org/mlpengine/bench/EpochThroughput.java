package org.mlpengine.bench;

import java.util.Collections;
import java.util.concurrent.TimeUnit;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.Backends;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.train.Trainer;
import org.mlpengine.core.train.TrainingConfig;
import org.mlpengine.core.train.TrainingListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training samples per second of one training pass (every minibatch step of an epoch, no evaluation) of a
 * 784-hidden-10 sigmoid MLP over 55,000 MNIST-shaped samples, through the real {@link Trainer}.
 * One operation is one sample, so {@code gc.alloc.rate.norm} times the batch size is bytes per step.
 *
 * <p>{@code replicas} above 1 runs synchronous data-parallel SGD with that many replicas sharing the one backend
 * instance (each on its shard of every minibatch, gradients added on the host): what it costs over the fused
 * single-replica step on one device. Default 1; the scaling table uses {@code -p replicas=1,2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(SyntheticMnist.TRAIN_ROWS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {BenchMain.VECTOR_MODULE, BenchMain.ALIGN_OBJECTS, BenchMain.C2_ONLY})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class EpochThroughput {
    @Param({"cpu", "opencl", "cuda"})
    public String backend;

    @Param({"100", "1000"})
    public int batchSize;

    @Param({"50", "256", "1024"})
    public int hidden;

    @Param({"1"})
    public int replicas;

    private Backend device;
    private Trainer trainer;
    private int epoch;

    @Setup
    public void setup() {
        device = Backends.open(backend, BackendOptions.DEFAULT);
        int[] sizes = {SyntheticMnist.FEATURES, hidden, SyntheticMnist.CLASSES};
        TrainingConfig config = new TrainingConfig(sizes, batchSize, TrainingConfig.SEED_LEARNING_RATE, 1,
                TrainingConfig.SEED_SEED);
        trainer = new Trainer(Collections.nCopies(replicas, device), config, SyntheticMnist.split(TrainingConfig.SEED_SEED),
                Mlp.initialize(sizes, TrainingConfig.SEED_SEED));
    }

    /** One epoch's training pass; returns after the device has finished. */
    @Benchmark
    public void trainingPass() {
        trainer.trainingPass(++epoch, TrainingListener.NONE);
    }

    @TearDown
    public void tearDown() {
        trainer.close();
        device.close();
    }
}
