package org.mlpengine.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.mlpengine.cli.UserError;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.train.ParameterAverage;

/**
 * The exchange over sockets of its own; Spark only places and starts the tasks. At start one allGather shares rank
 * 0's listening address and a token drawn for this run; every other rank connects to rank 0 once and the connections
 * stay open for the run. Each round every rank sends its parameters (raw little-endian float32), rank 0 reads them in
 * rank order, averages them with {@link ParameterAverage#weighted} as {@link AllGatherExchange} does (so the same
 * bits) and sends the mean back to every rank.
 *
 * <p>A star: rank 0 receives and sends {@code tasks - 1} copies of the model each round, which suits a handful of
 * tasks; many tasks or large models would want a ring or tree all-reduce.
 *
 * <p>Failures end the run, never hang it: a task that fails sends its error to its peers (rank 0 passes it on), so
 * they fail with the same line, whichever of them Spark hears from first; every socket reads with a timeout, and a
 * task closes its sockets however it ends, so the peers of one killed without a word see the connection close at once
 * and fail with one line naming it.
 */
final class TcpExchange implements ParameterExchange {
    private static final int MAGIC = 0x4d4c5058; // "MLPX"
    /** In place of a round number: the sender failed; its error follows. */
    private static final int FAILED = -1;
    /** How long a failing task tries to tell its peers before it closes the connections regardless. */
    private static final int FAILURE_NOTICE_MILLIS = 1000;
    /** How long rank 0 blocks in accept between checks whether Spark killed its task. */
    private static final int ACCEPT_SLICE_MILLIS = 500;
    /** A connection that does not greet within this long is not one of the run's tasks. */
    private static final int GREETING_MILLIS = 10_000;
    private static final int BUFFER_BYTES = 1 << 16;

    private final int rank;
    private final int[] weights;
    private final int timeoutMillis;
    /** Rank 0: index k holds rank k (index 0 is empty); the other ranks: index 0 holds rank 0. */
    private final Peer[] peers;
    private int round;

    private record Peer(int rank, Socket socket, DataInputStream in, DataOutputStream out) {
        static Peer over(int rank, Socket socket) throws IOException {
            return new Peer(rank, socket, new DataInputStream(new BufferedInputStream(socket.getInputStream(),
                    BUFFER_BYTES)), new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(),
                    BUFFER_BYTES)));
        }
    }

    private TcpExchange(int rank, int[] weights, int timeoutMillis, Peer[] peers) {
        this.rank = rank;
        this.weights = weights.clone();
        this.timeoutMillis = timeoutMillis;
        this.peers = peers;
    }

    /**
     * Connects this task to the others; every task of the stage must call it.
     *
     * @param port          the port rank 0 listens on, 0 for any free one
     * @param timeoutMillis how long to wait for a peer, to connect or in a round
     * @param weights       each rank's weight in the mean (its shard rows), in rank order
     */
    static TcpExchange start(Rendezvous rendezvous, int port, int timeoutMillis, int[] weights) {
        if (weights.length != rendezvous.tasks()) {
            throw new IllegalArgumentException("need one weight per task: " + weights.length + " for "
                    + rendezvous.tasks() + " tasks");
        }
        if (rendezvous.tasks() == 1) {
            return new TcpExchange(0, weights, timeoutMillis, new Peer[0]);
        }
        return rendezvous.rank() == 0 ? serve(rendezvous, port, timeoutMillis, weights)
                : join(rendezvous, timeoutMillis, weights);
    }

    private static TcpExchange serve(Rendezvous rendezvous, int port, int timeoutMillis, int[] weights) {
        int tasks = rendezvous.tasks();
        String host = rendezvous.host();
        Peer[] peers = new Peer[tasks];
        boolean ready = false;
        try (ServerSocket server = new ServerSocket()) {
            try {
                server.bind(new InetSocketAddress(host, port), tasks);
            } catch (IOException e) {
                throw new UncheckedIOException("rank 0 cannot listen on " + host + ":" + port + " for the parameter "
                        + "exchange: " + e.getMessage() + (port != 0 ? " (choose another --exchange-port)" : ""), e);
            }
            long token = new SecureRandom().nextLong();
            rendezvous.allGather(host + " " + server.getLocalPort() + " " + token);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            for (int joined = 0; joined < tasks - 1; ) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || rendezvous.cancelled()) {
                    throw new PeerLostException(missing(peers) + " did not connect to rank 0 at " + host + ":"
                            + server.getLocalPort() + (left <= 0 ? " within " + timeoutMillis / 1000 + " s (the tasks "
                            + "must reach rank 0's executor on that port: see --exchange-port)" : " before the task "
                            + "was stopped"), null);
                }
                server.setSoTimeout((int) Math.min(left, ACCEPT_SLICE_MILLIS));
                Socket socket;
                try {
                    socket = server.accept();
                } catch (SocketTimeoutException e) {
                    continue;
                }
                Peer peer = greet(socket, token, tasks, timeoutMillis);
                if (peer != null) {
                    peers[peer.rank()] = peer;
                    joined++;
                }
            }
            ready = true;
            return new TcpExchange(0, weights, timeoutMillis, peers);
        } catch (IOException e) {
            throw new UncheckedIOException("rank 0's parameter exchange failed while the tasks connected: "
                    + e.getMessage(), e);
        } finally {
            if (!ready) {
                closeAll(peers);
            }
        }
    }

    /** The peer behind a new connection, or null (and the connection closed) if it is not a task of this run. */
    private static Peer greet(Socket socket, long token, int tasks, int timeoutMillis) {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(Math.min(timeoutMillis, GREETING_MILLIS));
            Peer peer = Peer.over(-1, socket);
            int rank = peer.in().readInt() == MAGIC && peer.in().readLong() == token ? peer.in().readInt() : -1;
            if (rank < 1 || rank >= tasks) {
                socket.close();
                return null;
            }
            socket.setSoTimeout(timeoutMillis);
            return new Peer(rank, socket, peer.in(), peer.out());
        } catch (IOException e) {
            closeQuietly(socket);
            return null;
        }
    }

    private static TcpExchange join(Rendezvous rendezvous, int timeoutMillis, int[] weights) {
        int rank = rendezvous.rank();
        String[] address = rendezvous.allGather("")[0].split(" ");
        String host = address[0];
        int port = Integer.parseInt(address[1]);
        long token = Long.parseLong(address[2]);
        Socket socket = new Socket();
        boolean ready = false;
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMillis);
            try {
                socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            } catch (IOException e) {
                throw new UncheckedIOException("rank " + rank + " cannot reach rank 0's parameter exchange at " + host
                        + ":" + port + " (" + e.getMessage() + "): the tasks must reach rank 0's executor on that "
                        + "port (see --exchange-port), or use --exchange allgather", e);
            }
            Peer zero = Peer.over(0, socket);
            zero.out().writeInt(MAGIC);
            zero.out().writeLong(token);
            zero.out().writeInt(rank);
            zero.out().flush();
            ready = true;
            return new TcpExchange(rank, weights, timeoutMillis, new Peer[] {zero});
        } catch (IOException e) {
            throw new PeerLostException("rank " + rank + " lost rank 0 while connecting to it: " + e.getMessage(), e);
        } finally {
            if (!ready) {
                closeQuietly(socket);
            }
        }
    }

    @Override
    public Mlp average(Mlp mine) {
        round++;
        if (peers.length == 0) {
            return ParameterAverage.weighted(List.of(mine), weights);
        }
        return rank == 0 ? gatherAverageAndSend(mine) : sendAndReceive(mine);
    }

    private Mlp gatherAverageAndSend(Mlp mine) {
        int[] sizes = mine.sizes();
        int count = ParameterCodec.count(sizes);
        List<Mlp> models = new ArrayList<>(peers.length);
        models.add(mine);
        for (int k = 1; k < peers.length; k++) {
            Peer peer = peers[k];
            try {
                expectRound(peer);
                int theirs = peer.in().readInt();
                if (theirs != count) {
                    throw new UserError("rank " + k + " holds " + theirs + " parameters, rank 0 holds " + count
                            + " (layers " + java.util.Arrays.toString(sizes) + "): do all tasks read the same data?");
                }
                byte[] raw = new byte[4 * count];
                peer.in().readFully(raw);
                models.add(ParameterCodec.fromBytes(raw, sizes));
            } catch (IOException e) {
                throw lost(peer, e);
            }
        }
        Mlp mean = ParameterAverage.weighted(models, weights);
        byte[] bytes = ParameterCodec.toBytes(mean);
        for (int k = 1; k < peers.length; k++) {
            try {
                peers[k].out().writeInt(round);
                peers[k].out().write(bytes);
                peers[k].out().flush();
            } catch (IOException e) {
                throw lost(peers[k], e);
            }
        }
        return mean;
    }

    private Mlp sendAndReceive(Mlp mine) {
        Peer zero = peers[0];
        byte[] bytes = ParameterCodec.toBytes(mine);
        try {
            zero.out().writeInt(round);
            zero.out().writeInt(bytes.length / 4);
            zero.out().write(bytes);
            zero.out().flush();
            expectRound(zero);
            zero.in().readFully(bytes);
            return ParameterCodec.fromBytes(bytes, mine.sizes());
        } catch (IOException e) {
            throw lost(zero, e);
        }
    }

    private void expectRound(Peer peer) throws IOException {
        int theirs = peer.in().readInt();
        if (theirs == FAILED) {
            String error = peer.in().readUTF();
            throw new PeerLostException(error, new IOException("rank " + peer.rank() + " failed during averaging round "
                    + round + " and sent its error"));
        }
        if (theirs != round) {
            throw new IllegalStateException("rank " + peer.rank() + " is in averaging round " + theirs + ", rank "
                    + rank + " in round " + round);
        }
    }

    private PeerLostException lost(Peer peer, IOException e) {
        String what;
        if (e instanceof EOFException) {
            what = "rank " + peer.rank() + " closed the connection during averaging round " + round
                    + ": it failed or was killed";
        } else if (e instanceof SocketTimeoutException) {
            what = "rank " + peer.rank() + " did not answer for " + timeoutMillis / 1000 + " s in averaging round "
                    + round + ": it hangs, or the network dropped (see --exchange-timeout)";
        } else {
            what = "lost the connection to rank " + peer.rank() + " during averaging round " + round + " ("
                    + e.getMessage() + "): it failed or was killed, or the network dropped";
        }
        return new PeerLostException(what, e);
    }

    private static String missing(Peer[] peers) {
        List<Integer> ranks = IntStream.range(1, peers.length).filter(k -> peers[k] == null).boxed().toList();
        return (ranks.size() == 1 ? "rank " : "ranks ")
                + ranks.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /**
     * Sends {@code error} to every peer, so that each fails with the same line, then closes; a peer that does not take
     * it within {@value #FAILURE_NOTICE_MILLIS} ms (one blocked sending to this task) sees the connection close.
     */
    @Override
    public void fail(String error) {
        String line = error.length() > 2000 ? error.substring(0, 2000) : error;
        Thread notice = new Thread(() -> {
            for (Peer peer : peers) {
                if (peer != null) {
                    try {
                        peer.out().writeInt(FAILED);
                        peer.out().writeUTF(line);
                        peer.out().flush();
                    } catch (IOException e) {
                        // That peer is gone already.
                    }
                }
            }
        }, "mlp-engine exchange failure notice");
        notice.setDaemon(true);
        notice.start();
        try {
            notice.join(FAILURE_NOTICE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        closeAll(peers);
    }

    private static void closeAll(Peer[] peers) {
        for (Peer peer : peers) {
            if (peer != null) {
                closeQuietly(peer.socket());
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that is left to do with it.
        }
    }
}
