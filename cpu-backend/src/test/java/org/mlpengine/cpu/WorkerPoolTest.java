package org.mlpengine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The pool's promises: every unit committed once per job, a stalled worker does not stall the caller, and the caller
 * can tell which job bodies a late worker may still be computing with.
 */
class WorkerPoolTest {

    @Test
    void aWorkerThatStallsInsideAUnitDoesNotHoldUpTheCaller() throws Exception {
        try (WorkerPool pool = new WorkerPool(2)) {
            int units = 64;
            float[] out = new float[units];
            float[][] scratch = new float[2][units];
            AtomicBoolean stalled = new AtomicBoolean();
            WorkerPool.Units body = new WorkerPool.Units() {
                @Override
                public void compute(int unit, int worker) {
                    if (worker != 0 && stalled.compareAndSet(false, true)) {
                        sleep(); // as if the OS took the worker's core for half a second
                    }
                    long end = System.nanoTime() + 5_000; // a few microseconds of work, so the worker gets to join
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    scratch[worker][unit] = unit * 2f;
                }

                @Override
                public void commit(int unit, int worker) {
                    out[unit] += scratch[worker][unit]; // += : a second commit of the same unit would show
                }
            };
            double ms = 0;
            for (int job = 0; job < 2000 && !stalled.get(); job++) { // until the worker has taken a unit
                java.util.Arrays.fill(out, 0f);
                long t0 = System.nanoTime();
                pool.run(units, body);
                ms = (System.nanoTime() - t0) / 1e6;
            }
            assertTrue(stalled.get(), "the worker never took a unit");
            float[] want = new float[units];
            for (int u = 0; u < units; u++) {
                want[u] = u * 2f;
            }
            assertArrayEquals(want, out);
            assertTrue(ms < 400, "the caller waited " + ms + " ms for a stalled worker");
            // and the pool still works once the stalled worker comes back
            Thread.sleep(600);
            java.util.Arrays.fill(out, 0f);
            pool.run(units, body);
            assertArrayEquals(want, out);
        }
    }

    /**
     * A worker stuck inside a unit of a finished job still holds that job's body, so the caller leaves the body alone
     * (the cpu backend then runs its next product in another Gemm); once the worker leaves, the body is free again.
     */
    @Test
    void aWorkerStuckInAFinishedJobHoldsItsBodyUntilItLeaves() throws Exception {
        try (WorkerPool pool = new WorkerPool(2)) {
            CountDownLatch stuck = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            WorkerPool.Units body = new WorkerPool.Units() {
                @Override
                public void compute(int unit, int worker) {
                    if (worker != 0 && stuck.getCount() > 0) {
                        stuck.countDown();
                        await(release);
                    }
                    long end = System.nanoTime() + 5_000; // a few microseconds of work, so the worker gets to join
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                }

                @Override
                public void commit(int unit, int worker) {
                }
            };
            WorkerPool.Units other = new WorkerPool.Units() {
                @Override
                public void compute(int unit, int worker) {
                }

                @Override
                public void commit(int unit, int worker) {
                }
            };
            for (int job = 0; job < 2000 && stuck.getCount() > 0; job++) { // until the worker has taken a unit
                pool.run(64, body);
            }
            assertTrue(stuck.await(0, TimeUnit.SECONDS), "the worker never took a unit");
            assertTrue(pool.held(body), "the stuck worker's body");
            assertFalse(pool.held(other));
            pool.run(64, other); // the caller goes on alone
            assertTrue(pool.held(body), "still stuck");
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pool.held(body) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertFalse(pool.held(body), "the worker left the job but still holds its body");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
