package org.mlpengine.spark;

import java.io.Serializable;
import java.util.Locale;
import org.mlpengine.cli.UserError;

/**
 * Which parameter exchange a data-parallel run uses, and its settings.
 *
 * @param kind           {@code tcp}: sockets of its own between the tasks (star around rank 0); {@code allgather}:
 *                       Spark's {@code BarrierTaskContext.allGather}, which answers about once a second
 * @param port           the port rank 0 listens on for {@code tcp}; 0: any free one
 * @param timeoutSeconds how long a {@code tcp} task waits for a peer (to connect, or to send in a round) before it
 *                       gives up; a peer that fails closes its connections and is noticed at once
 */
public record ExchangeSpec(Kind kind, int port, int timeoutSeconds) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_TIMEOUT_SECONDS = 600;

    public enum Kind {
        TCP, ALLGATHER;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.id().equals(text)) {
                    return k;
                }
            }
            throw new UserError("--exchange must be tcp or allgather, got '" + text + "'");
        }
    }

    /** Opens this task's end of the exchange; every task of the stage must call it. */
    ParameterExchange open(Rendezvous peers, int[] weights) {
        return switch (kind) {
            case TCP -> TcpExchange.start(peers, port, timeoutSeconds * 1000, weights);
            case ALLGATHER -> new AllGatherExchange(peers, weights);
        };
    }
}
