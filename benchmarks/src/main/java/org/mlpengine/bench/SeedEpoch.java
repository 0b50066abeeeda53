package org.mlpengine.bench;

import java.util.concurrent.TimeUnit;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.Backends;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.train.Trainer;
import org.mlpengine.core.train.TrainingConfig;
import org.mlpengine.core.train.TrainingListener;
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
 * Seconds per epoch of the seed's run (784-50-10, batch 100, learning rate 0.1) on 55,000 / 5,000 / 10,000
 * MNIST-shaped samples: the training pass plus the two evaluation passes (train and validation metrics),
 * as the seed times an epoch. Every invocation is epoch 1 again (same shuffle), which costs the same.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {BenchMain.VECTOR_MODULE, BenchMain.ALIGN_OBJECTS, BenchMain.C2_ONLY})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class SeedEpoch {
    @Param({"cpu", "opencl", "cuda"})
    public String backend;

    private Backend device;
    private Trainer trainer;

    @Setup
    public void setup() {
        device = Backends.open(backend, BackendOptions.DEFAULT);
        TrainingConfig config = TrainingConfig.seedDefaults().withEpochs(1);
        trainer = new Trainer(device, config, SyntheticMnist.split(config.seed()),
                Mlp.initialize(config.sizes(), config.seed()));
    }

    /** Training pass and both evaluation passes; the evaluations download their metrics, so the device is done. */
    @Benchmark
    public EpochResult fullEpoch() {
        return trainer.train(1, TrainingListener.NONE).get(0);
    }

    @TearDown
    public void tearDown() {
        trainer.close();
        device.close();
    }
}
