package org.mlpengine.spark;

import org.apache.spark.TaskContext;
import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.backend.Backends;

/**
 * A fault-injecting backend for this module's tests, {@value #NAME}: the cpu backend, except that the Spark task of
 * partition 1 cannot open it, as a task whose device has failed. Ranked lowest, so {@code auto} never picks it.
 */
public final class FailingRankBackendProvider implements BackendProvider {
    public static final String NAME = "cpu-failing-on-rank-1";
    public static final String MESSAGE = "injected failure: the task of rank 1 cannot open its device";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability probe() {
        return Backends.select("cpu").probe();
    }

    @Override
    public int speedRank() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Backend open(BackendOptions options) {
        TaskContext task = TaskContext.get();
        if (task != null && task.partitionId() == 1) {
            throw new BackendException(MESSAGE);
        }
        return Backends.select("cpu").open(options);
    }
}
