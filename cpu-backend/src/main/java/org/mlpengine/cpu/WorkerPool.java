package org.mlpengine.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the chunks of one job on the calling thread and {@code threads - 1} workers.
 *
 * <p>Chunks are claimed from a shared counter, so whoever is running takes the next one: the caller
 * never waits for a worker that has not started, and a worker whose core is taken by another process
 * just finds no chunk left. Idle workers spin for a short while (the next op of a training step comes
 * within microseconds) and then park; the caller parks too while the last chunks finish.
 */
final class WorkerPool implements AutoCloseable {

    /** What a job does with one chunk; {@code worker} is 0 for the caller, 1.. for workers (for scratch space). */
    interface ChunkBody {
        void run(int chunk, int worker);
    }

    /** How long an idle worker polls for the next job before parking: about one training step's gap. */
    private static final long SPIN_NANOS = 200_000;

    private final Thread[] workers;
    /** Workers that are parked or about to park; volatile slots, so a poster and a parker cannot miss each other. */
    private final AtomicReferenceArray<Thread> sleeping;
    private volatile Job current;
    private volatile boolean shutdown;

    WorkerPool(int threads) {
        workers = new Thread[threads - 1];
        sleeping = new AtomicReferenceArray<>(threads - 1);
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

    /** Runs {@code body} for chunks 0..chunks-1 and returns when all are done; rethrows the first failure. */
    void run(int chunks, ChunkBody body) {
        if (chunks == 1 || workers.length == 0) {
            for (int c = 0; c < chunks; c++) {
                body.run(c, 0);
            }
            return;
        }
        Job job = new Job(chunks, body, Thread.currentThread());
        current = job;
        for (int w = 0; w < workers.length; w++) {
            Thread t = sleeping.get(w);
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
        job.work(0);
        job.awaitDone();
        if (job.failure != null) {
            throw job.failure instanceof RuntimeException r ? r : new IllegalStateException(job.failure);
        }
    }

    private void workLoop(int index) {
        Job seen = null;
        while (true) {
            Job job = awaitNext(seen, index);
            if (job == null) {
                return;
            }
            seen = job;
            job.work(index);
        }
    }

    /** Spins, then parks, until a job other than {@code seen} is posted; null on shutdown. */
    private Job awaitNext(Job seen, int index) {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (current == seen && !shutdown && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        while (current == seen && !shutdown) {
            sleeping.set(index - 1, Thread.currentThread());
            if (current == seen && !shutdown) { // re-check after announcing: a poster reads sleeping after writing current
                LockSupport.park(this);
            }
            sleeping.set(index - 1, null);
        }
        return shutdown ? null : current;
    }

    /** Stops the workers and waits for them to end. */
    @Override
    public void close() {
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

    private static final class Job {
        private final int chunks;
        private final ChunkBody body;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger unfinished;
        private volatile Throwable failure;

        Job(int chunks, ChunkBody body, Thread caller) {
            this.chunks = chunks;
            this.body = body;
            this.caller = caller;
            this.unfinished = new AtomicInteger(chunks);
        }

        void work(int worker) {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    body.run(c, worker);
                } catch (Throwable t) {
                    failure = t;
                }
                if (unfinished.decrementAndGet() == 0 && worker != 0) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** The caller's wait for chunks that workers are still running: a short spin, then parking. */
        void awaitDone() {
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (unfinished.get() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            while (unfinished.get() > 0) {
                LockSupport.park(this);
            }
        }
    }
}
