package org.mlpengine.cpu;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the units of one job on the calling thread and {@code threads - 1} workers, with no allocation
 * per job and without ever waiting long for a worker that the OS has descheduled.
 *
 * <p>A unit is computed into the computing thread's private space and then committed (copied into
 * the shared output) by exactly one thread: the first to win a compare-and-set on the unit's state.
 * Units are claimed from a shared counter, so whoever runs takes the next one. When the counter is
 * exhausted, the caller waits a short while for units that others still hold, then computes those
 * units itself and commits whichever copy is ready first. So a worker that lost its core in the
 * middle of a unit costs the caller one unit of work, not a scheduler time slice; the caller only
 * ever waits for a commit in progress, a copy of a few hundred floats.
 *
 * <p>Jobs are numbered. Claims and unit states carry the job number, so a worker that wakes up late,
 * still inside a finished job, can neither claim units of the next job nor commit into it.
 */
final class WorkerPool implements AutoCloseable {

    /** A job's work, cut into units; {@code worker} is 0 for the caller, 1.. for workers (for scratch space). */
    interface Units {
        /** Computes unit u into worker-private space, writing nothing that another thread reads. */
        void compute(int unit, int worker);

        /** Publishes what the same worker's last {@code compute(unit, worker)} produced. */
        void commit(int unit, int worker);
    }

    /** The most units one job may have. */
    static final int MAX_UNITS = 4096;
    /** How long an idle worker polls for the next job before parking: several training steps, so it never parks inside one. */
    private static final long SPIN_NANOS = 2_000_000;
    /** How long the caller waits for units that others hold before computing them itself. */
    private static final long HELP_AFTER_NANOS = 20_000;

    private static final int OPEN = 0;
    private static final int COMMITTING = 1;
    private static final int DONE = 2;

    private final Thread[] workers;
    /**
     * Per worker: the body of the job it is in, set before its first claim and cleared when it leaves the job. A body
     * whose job ended may still be held by a worker that lost its core inside a unit: see {@link #held}.
     */
    private final AtomicReferenceArray<Units> holding;
    /** Workers that are parked or about to park; volatile slots, so a poster and a parker cannot miss each other. */
    private final AtomicReferenceArray<Thread> sleeping;
    /** Per unit: job number * 4 + OPEN/COMMITTING/DONE; a number below the current job's means open. */
    private final AtomicLongArray state = new AtomicLongArray(MAX_UNITS);
    /** The job number (high 32 bits), one past the highest unclaimed unit (bits 16-31) and the lowest (bits 0-15). */
    private final AtomicLong claims = new AtomicLong();
    private volatile Units body;
    private volatile int units;
    /** The current job's number; written last when posting a job. */
    private volatile long job;
    private volatile boolean shutdown;

    // ---- diagnostics, with -Dmlp.poolStats=true (printed on close)
    static final boolean STATS = Boolean.getBoolean("mlp.poolStats");
    private long statJobs, statUnitsCaller, statHelped, statWaitNanos, statWakeNanos, statWakes;
    private final java.util.concurrent.atomic.AtomicLong statUnitsWorker = new java.util.concurrent.atomic.AtomicLong();
    private volatile long postedAt;
    private final java.util.concurrent.atomic.AtomicLong statParks = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong statWorkerLate = new java.util.concurrent.atomic.AtomicLong();

    WorkerPool(int threads) {
        workers = new Thread[threads - 1];
        sleeping = new AtomicReferenceArray<>(threads - 1);
        holding = new AtomicReferenceArray<>(threads - 1);
        for (int w = 0; w < workers.length; w++) {
            int index = w + 1;
            workers[w] = new Thread(() -> workLoop(index), "mlp-cpu-worker-" + index);
            workers[w].setDaemon(true);
            workers[w].start();
        }
    }

    int threads() {
        return workers.length + 1;
    }

    /**
     * Whether a worker may still compute with {@code body}: until it says no, the caller must not change what body's
     * compute reads. A worker marks the body before it claims a unit, and a claim succeeds only while the job is
     * running, so a worker that is not marked when the job has ended never computes with that body again.
     */
    boolean held(Units body) {
        for (int w = 0; w < workers.length; w++) {
            if (holding.get(w) == body) {
                return true;
            }
        }
        return false;
    }

    /** Runs every unit of {@code body} once and returns when all are committed; a failure is rethrown from the caller's own attempt. */
    void run(int count, Units body) {
        if (count > MAX_UNITS) {
            throw new IllegalArgumentException(count + " units, at most " + MAX_UNITS);
        }
        if (count == 1 || workers.length == 0) {
            for (int u = 0; u < count; u++) {
                body.compute(u, 0);
                body.commit(u, 0);
            }
            return;
        }
        long j = job + 1;
        this.body = body;
        this.units = count;
        claims.set(j << 32 | (long) count << 16);
        if (STATS) { statJobs++; postedAt = System.nanoTime(); }
        job = j;
        for (int w = 0; w < workers.length; w++) {
            Thread t = sleeping.get(w);
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
        work(j, body, count, 0);
        long w0 = STATS ? System.nanoTime() : 0;
        finish(j, body, count);
        if (STATS) statWaitNanos += System.nanoTime() - w0;
    }

    /** The caller's second phase: every unit committed, helping with those that stay open too long. */
    private void finish(long j, Units body, int count) {
        long deadline = System.nanoTime() + HELP_AFTER_NANOS;
        for (int u = 0; u < count; u++) {
            int spins = 0;
            long s;
            while ((s = state.get(u)) != (j << 2 | DONE)) {
                if (s >>> 2 < j && System.nanoTime() > deadline) {
                    body.compute(u, 0);
                    if (STATS) statHelped++;
                    tryCommit(j, body, u, 0);
                } else if (++spins > 1000) {
                    Thread.yield(); // a commit in progress whose thread lost its core
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /**
     * Claims and runs units of job j until none is left; workers' failures are left for the caller to meet.
     * The caller claims from the bottom, workers from the top: with unit orders that keep neighbouring
     * units on neighbouring data (rows of C), each thread keeps computing, and writing, the same part of C
     * from one call to the next, so it stays in that core's cache instead of moving between cores.
     */
    private void work(long j, Units body, int count, int worker) {
        long tag = (j & 0xFFFF_FFFFL) << 32;
        while (true) {
            long v = claims.get();
            int lo = (int) v & 0xFFFF;
            int hi = (int) (v >>> 16) & 0xFFFF;
            if ((v & 0xFFFF_FFFF_0000_0000L) != tag || lo >= hi) {
                return;
            }
            int u;
            if (worker == 0) {
                if (!claims.compareAndSet(v, v + 1)) {
                    continue;
                }
                u = lo;
            } else {
                if (!claims.compareAndSet(v, v - (1L << 16))) {
                    continue;
                }
                u = hi - 1;
            }
            if (STATS) { if (worker == 0) statUnitsCaller++; else statUnitsWorker.incrementAndGet(); }
            if (worker == 0) {
                body.compute(u, 0);
                tryCommit(j, body, u, 0);
            } else {
                try {
                    body.compute(u, worker);
                    tryCommit(j, body, u, worker);
                } catch (RuntimeException | Error e) {
                    // the unit stays open: the caller computes it itself and meets the failure there
                }
            }
        }
    }

    /** Commits unit u of job j from this worker's copy unless another copy was committed first. */
    private void tryCommit(long j, Units body, int u, int worker) {
        long s = state.get(u);
        if (s >>> 2 >= j || !state.compareAndSet(u, s, j << 2 | COMMITTING)) {
            return;
        }
        body.commit(u, worker);
        state.set(u, j << 2 | DONE);
    }

    private void workLoop(int index) {
        long seen = 0;
        while (true) {
            long j = awaitNext(seen, index);
            if (j < 0) {
                return;
            }
            seen = j;
            if (STATS) { statWorkerLate.addAndGet(System.nanoTime() - postedAt); }
            Units b = body;
            holding.set(index - 1, b);
            work(j, b, units, index);
            holding.set(index - 1, null);
        }
    }

    /** Spins, then parks, until a job after {@code seen} is posted; -1 on shutdown. */
    private long awaitNext(long seen, int index) {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (job == seen && !shutdown && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        while (job == seen && !shutdown) {
            sleeping.set(index - 1, Thread.currentThread());
            if (job == seen && !shutdown) { // re-check after announcing: a poster reads sleeping after writing job
                if (STATS) statParks.incrementAndGet();
                LockSupport.park(this);
            }
            sleeping.set(index - 1, null);
        }
        return shutdown ? -1 : job;
    }

    /** Stops the workers and waits for them to end. */
    @Override
    public void close() {
        if (STATS && statJobs > 0) {
            System.err.printf("pool: %d jobs, units caller %d worker %d, caller recomputed %d, caller wait in finish %.1f us/job, worker parks %d, worker start after post %.1f us/job%n",
                statJobs, statUnitsCaller, statUnitsWorker.get(), statHelped, statWaitNanos / 1e3 / statJobs, statParks.get(), statWorkerLate.get() / 1e3 / statJobs);
        }
        shutdown = true;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
