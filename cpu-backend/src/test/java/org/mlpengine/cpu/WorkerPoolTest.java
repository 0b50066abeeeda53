package org.mlpengine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The pool's promises: every unit committed once per job, and a stalled worker does not stall the caller. */
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

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
