package org.mlpengine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The pool's promises: every unit committed once per job, a stalled worker does not stall the caller, and the caller
 * can tell which job bodies a late worker may still be computing with. No clock is read: the worker stalls until the
 * test releases it, so the caller's job can only finish without it.
 */
class WorkerPoolTest {

    @Test
    void aWorkerThatStallsInsideAUnitDoesNotHoldUpTheCaller() throws Exception {
        try (WorkerPool pool = new WorkerPool(2)) {
            int units = 64;
            float[] out = new float[units];
            float[][] scratch = new float[2][units];
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean stalled = new AtomicBoolean();
            AtomicBoolean stallOver = new AtomicBoolean();
            WorkerPool.Units body = new WorkerPool.Units() {
                @Override
                public void compute(int unit, int worker) {
                    if (worker != 0 && stalled.compareAndSet(false, true)) {
                        // as if the OS took the worker's core, until the test says otherwise (or 30 s pass)
                        await(release);
                        stallOver.set(true);
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
            float[] want = new float[units];
            for (int u = 0; u < units; u++) {
                want[u] = u * 2f;
            }
            for (int job = 0; job < 2000 && !stalled.get(); job++) { // until the worker has taken a unit
                Arrays.fill(out, 0f);
                pool.run(units, body);
            }
            assertTrue(stalled.get(), "the worker never took a unit");
            // The job returned while the worker is still inside its unit: the caller computed that unit itself.
            assertFalse(stallOver.get(), "the caller waited for the stalled worker to come back");
            assertArrayEquals(want, out);
            // Another job while the worker is still stalled: the caller alone.
            Arrays.fill(out, 0f);
            pool.run(units, body);
            assertArrayEquals(want, out);
            assertFalse(stallOver.get());

            // Once the worker comes back, its late copy is not committed into a later job, and the pool still works.
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!stallOver.get() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(stallOver.get(), "the released worker did not come back");
            for (int job = 0; job < 100; job++) {
                Arrays.fill(out, 0f);
                pool.run(units, body);
                assertArrayEquals(want, out, "job " + job + " after the stall");
            }
        }
    }

    /**
     * A worker stuck inside a unit of a finished job still holds that job's body, so the caller leaves the body alone
     * (the cpu backend then runs its next product in another BlockedGemm); once the worker leaves, the body is free again.
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
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
