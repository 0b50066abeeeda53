package org.mlpengine.spark;

import org.apache.spark.BarrierTaskContext;

/**
 * What a parameter exchange needs from the barrier stage: this task's rank among how many, its host, one all-gather
 * of short strings, and whether Spark has given up on the task. Tests stand threads in for the tasks.
 */
interface Rendezvous {
    int rank();

    int tasks();

    /** The host this task runs on, as the other tasks can reach it. */
    String host();

    /** Every task's {@code message}, in rank order; blocks until every task has sent one. */
    String[] allGather(String message);

    /** Whether the task was killed (another task failed, or the job was cancelled). */
    boolean cancelled();

    static Rendezvous of(BarrierTaskContext context) {
        return new Rendezvous() {
            @Override
            public int rank() {
                return context.partitionId();
            }

            @Override
            public int tasks() {
                return context.getTaskInfos().length;
            }

            @Override
            public String host() {
                // BarrierTaskInfo.address() is the executor's "host:port".
                String address = context.getTaskInfos()[rank()].address();
                int colon = address.lastIndexOf(':');
                return colon < 0 ? address : address.substring(0, colon);
            }

            @Override
            public String[] allGather(String message) {
                return context.allGather(message);
            }

            @Override
            public boolean cancelled() {
                return context.isInterrupted();
            }
        };
    }
}
