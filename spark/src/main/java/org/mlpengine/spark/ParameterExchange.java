package org.mlpengine.spark;

import org.mlpengine.core.model.Mlp;

/**
 * How the barrier tasks average their parameters: every task hands in its own and gets back the mean of everyone's,
 * weighted by shard rows and added in rank order ({@code ParameterAverage.weighted}), the same bits on every task.
 */
interface ParameterExchange extends AutoCloseable {
    /** One averaging round: blocks until every task has handed in its parameters. */
    Mlp average(Mlp mine);

    /**
     * This task failed with {@code error} (one line): the peers, where the exchange can tell them, fail with the same
     * line. Closes the exchange.
     */
    void fail(String error);

    /** Releases the exchange's connections; a peer still waiting on this task then fails at once. */
    @Override
    void close();
}
