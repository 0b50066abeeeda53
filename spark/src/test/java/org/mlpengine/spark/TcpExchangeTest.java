package org.mlpengine.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.train.ParameterAverage;

/** {@link TcpExchange} alone, threads standing in for the ranks. */
class TcpExchangeTest {
    private static final int[] SIZES = {7, 5, 3};
    private static final Duration NO_HANG = Duration.ofSeconds(10);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** Rank {@code rank}'s parameters in round {@code round}: different for every rank and round. */
    private static Mlp model(int round, int rank) {
        return Mlp.initialize(SIZES, 100L * round + rank);
    }

    @Test
    void everyRankGetsTheWeightedMeanOfAllBitForBit() {
        int[] weights = {5, 3, 2}; // uneven shards
        int rounds = 3;
        ThreadRendezvous stage = new ThreadRendezvous(3);
        List<Future<List<Mlp>>> ranks = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Rendezvous me = stage.rank(r);
            ranks.add(threads.submit(() -> {
                try (TcpExchange exchange = TcpExchange.start(me, 0, 30_000, weights)) {
                    List<Mlp> means = new ArrayList<>();
                    for (int round = 1; round <= rounds; round++) {
                        means.add(exchange.average(model(round, me.rank())));
                    }
                    return means;
                }
            }));
        }
        List<List<Mlp>> got = assertTimeoutPreemptively(NO_HANG, () -> results(ranks));
        for (int round = 1; round <= rounds; round++) {
            Mlp want = ParameterAverage.weighted(List.of(model(round, 0), model(round, 1), model(round, 2)), weights);
            for (int r = 0; r < 3; r++) {
                assertArrayEquals(ParameterCodec.toBytes(want), ParameterCodec.toBytes(got.get(r).get(round - 1)),
                        "rank " + r + ", round " + round);
            }
        }
    }

    @Test
    void aSingleTaskAveragesItself() {
        try (TcpExchange alone = TcpExchange.start(new ThreadRendezvous(1).rank(0), 0, 1000, new int[] {4})) {
            assertArrayEquals(ParameterCodec.toBytes(model(1, 0)), ParameterCodec.toBytes(alone.average(model(1, 0))));
        }
    }

    @Test
    void aPeerThatClosesMidRunStopsTheOthersAtOnceWithOneLine() {
        ThreadRendezvous stage = new ThreadRendezvous(3);
        CountDownLatch firstRoundDone = new CountDownLatch(3);
        List<Future<Void>> ranks = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Rendezvous me = stage.rank(r);
            ranks.add(threads.submit(() -> {
                // 30 s timeout: the test's 10 s bound shows the others did not wait for it.
                try (TcpExchange exchange = TcpExchange.start(me, 0, 30_000, new int[] {1, 1, 1})) {
                    exchange.average(model(1, me.rank()));
                    firstRoundDone.countDown();
                    if (me.rank() != 2) { // rank 2 "fails" after round 1: its exchange closes
                        firstRoundDone.await();
                        exchange.average(model(2, me.rank()));
                    }
                }
                return null;
            }));
        }
        assertTimeoutPreemptively(NO_HANG, () -> {
            assertEquals(null, ranks.get(2).get());
            assertEquals("rank 2 closed the connection during averaging round 2: it failed or was killed",
                    failure(ranks.get(0)).getMessage());
            // Rank 0 closed its end on failing: rank 1, waiting for the mean, hears of it at once.
            String second = failure(ranks.get(1)).getMessage();
            assertTrue(second.contains("rank 0") && second.contains("averaging round 2") && !second.contains("\n"),
                    second);
        });
    }

    @Test
    void aPeerThatFailsHandsItsErrorToTheOthers() {
        String error = "training diverged in epoch 3";
        ThreadRendezvous stage = new ThreadRendezvous(3);
        CountDownLatch firstRoundDone = new CountDownLatch(3);
        List<Future<Void>> ranks = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Rendezvous me = stage.rank(r);
            ranks.add(threads.submit(() -> {
                try (TcpExchange exchange = TcpExchange.start(me, 0, 30_000, new int[] {1, 1, 1})) {
                    exchange.average(model(1, me.rank()));
                    firstRoundDone.countDown();
                    firstRoundDone.await();
                    if (me.rank() == 2) {
                        exchange.fail(error);
                        return null;
                    }
                    try {
                        exchange.average(model(2, me.rank()));
                    } catch (PeerLostException e) { // as BarrierWorker does: pass the error on
                        exchange.fail(e.getMessage());
                        throw e;
                    }
                }
                return null;
            }));
        }
        assertTimeoutPreemptively(NO_HANG, () -> {
            assertEquals(null, ranks.get(2).get());
            assertEquals(error, failure(ranks.get(0)).getMessage(), "rank 0 heard it from rank 2");
            assertEquals(error, failure(ranks.get(1)).getMessage(), "rank 1 heard it from rank 0");
        });
    }

    @Test
    void aPeerThatHangsFailsTheRoundWithinTheTimeout() {
        ThreadRendezvous stage = new ThreadRendezvous(2);
        CountDownLatch release = new CountDownLatch(1);
        Future<Mlp> zero = threads.submit(() -> {
            try (TcpExchange exchange = TcpExchange.start(stage.rank(0), 0, 1000, new int[] {1, 1})) {
                return exchange.average(model(1, 0));
            }
        });
        Future<Void> hanging = threads.submit(() -> {
            try (TcpExchange exchange = TcpExchange.start(stage.rank(1), 0, 1000, new int[] {1, 1})) {
                release.await(); // connected, but never hands in its parameters
            }
            return null;
        });
        try {
            assertTimeoutPreemptively(NO_HANG, () -> assertEquals("rank 1 did not answer for 1 s in averaging "
                    + "round 1: it hangs, or the network dropped (see --exchange-timeout)", failure(zero).getMessage()));
        } finally {
            release.countDown();
        }
        assertTimeoutPreemptively(NO_HANG, () -> hanging.get());
    }

    @Test
    void aRankThatNeverConnectsFailsRankZeroWithinTheTimeout() {
        ThreadRendezvous stage = new ThreadRendezvous(2);
        Future<TcpExchange> zero = threads.submit(() -> TcpExchange.start(stage.rank(0), 0, 1000, new int[] {1, 1}));
        stage.rank(1).allGather(""); // learns the address, then never connects
        String message = assertTimeoutPreemptively(NO_HANG, () -> failure(zero).getMessage());
        assertTrue(message.matches("rank 1 did not connect to rank 0 at 127\\.0\\.0\\.1:\\d+ within 1 s .*"), message);
    }

    @Test
    void aConnectionWithoutTheRunsTokenIsTurnedAway() throws Exception {
        ThreadRendezvous stage = new ThreadRendezvous(2);
        Rendezvous rankOne = stage.rank(1);
        Rendezvous strayFirst = new Rendezvous() {
            @Override
            public int rank() {
                return 1;
            }

            @Override
            public int tasks() {
                return 2;
            }

            @Override
            public String host() {
                return rankOne.host();
            }

            @Override
            public String[] allGather(String message) {
                String[] all = rankOne.allGather(message);
                String[] address = all[0].split(" ");
                try (Socket stray = new Socket(address[0], Integer.parseInt(address[1]));
                     DataOutputStream out = new DataOutputStream(stray.getOutputStream())) {
                    out.writeInt(0x4d4c5058); // the right magic, a wrong token
                    out.writeLong(Long.parseLong(address[2]) + 1);
                    out.writeInt(1);
                    out.flush();
                    stray.getInputStream().read(); // until rank 0 hangs up on it
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return all;
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        };
        Future<Mlp> zero = threads.submit(() -> {
            try (TcpExchange exchange = TcpExchange.start(stage.rank(0), 0, 5000, new int[] {1, 3})) {
                return exchange.average(model(1, 0));
            }
        });
        Future<Mlp> one = threads.submit(() -> {
            try (TcpExchange exchange = TcpExchange.start(strayFirst, 0, 5000, new int[] {1, 3})) {
                return exchange.average(model(1, 1));
            }
        });
        Mlp want = ParameterAverage.weighted(List.of(model(1, 0), model(1, 1)), new int[] {1, 3});
        assertTimeoutPreemptively(NO_HANG, () -> {
            assertArrayEquals(ParameterCodec.toBytes(want), ParameterCodec.toBytes(zero.get()));
            assertArrayEquals(ParameterCodec.toBytes(want), ParameterCodec.toBytes(one.get()));
        });
    }

    private static <T> List<T> results(List<Future<T>> futures) throws InterruptedException, ExecutionException {
        List<T> all = new ArrayList<>();
        for (Future<T> f : futures) {
            all.add(f.get());
        }
        return all;
    }

    /** The exception {@code future}'s task ended with: a {@link PeerLostException}. */
    private static Throwable failure(Future<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        assertTrue(e.getCause() instanceof PeerLostException, () -> "not a lost peer: " + e.getCause());
        return e.getCause();
    }
}
