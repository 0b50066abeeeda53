package org.mlpengine.spark;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/** Threads standing in for the barrier tasks of one stage, on the loopback address. */
final class ThreadRendezvous {
    private final String[] messages;
    private final CyclicBarrier barrier;

    ThreadRendezvous(int tasks) {
        messages = new String[tasks];
        barrier = new CyclicBarrier(tasks);
    }

    Rendezvous rank(int rank) {
        return new Rendezvous() {
            @Override
            public int rank() {
                return rank;
            }

            @Override
            public int tasks() {
                return messages.length;
            }

            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public String[] allGather(String message) {
                messages[rank] = message;
                await();
                String[] all = messages.clone();
                await(); // nobody overwrites a message before everyone has read it
                return all;
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        };
    }

    private void await() {
        try {
            barrier.await();
        } catch (InterruptedException | BrokenBarrierException e) {
            throw new IllegalStateException(e);
        }
    }
}
