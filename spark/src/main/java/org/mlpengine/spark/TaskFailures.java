package org.mlpengine.spark;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.mlpengine.cli.UserError;
import org.mlpengine.cli.UserErrors;

/**
 * The first task error of a job, as the driver's listener bus reports it. A failed barrier stage ends its job with
 * Spark's own message ("a barrier task finished unsuccessfully") and no cause; this keeps the task's error, so the
 * user sees what went wrong, in one line.
 */
final class TaskFailures extends SparkListener {
    private final AtomicReference<String> first = new AtomicReference<>();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() instanceof ExceptionFailure f) {
            String line = f.exception().isDefined() ? SparkMain.userMessage(f.exception().get()) : null;
            first.compareAndSet(null, line != null ? line : f.className() + ": " + UserErrors.oneLine(f.description()));
        }
    }

    /** Runs {@code job} with this listener; a failed job is rethrown as the first task's error, where one came. */
    static <T> T watch(SparkContext sc, java.util.function.Supplier<T> job) {
        TaskFailures failures = new TaskFailures();
        sc.addSparkListener(failures);
        try {
            return job.get();
        } catch (Exception e) { // SparkException, which Scala does not declare
            String task = failures.awaitFirst();
            if (task != null) {
                throw new UserError(task);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        } finally {
            sc.removeSparkListener(failures);
        }
    }

    /** The first task error; the bus delivers events after the job's end, so waits for it a little. */
    private String awaitFirst() {
        for (int i = 0; i < 50 && first.get() == null; i++) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return first.get();
    }
}
