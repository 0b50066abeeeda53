package org.mlpengine.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.mlpengine.core.model.Mlp;

import scala.Function1;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** Data-parallel training as one Spark barrier stage: {@code spec.tasks()} long-lived tasks, one per replica. */
public final class DistributedTraining {
    /**
     * The run's outcome on the driver.
     *
     * @param model        the final (averaged) parameters
     * @param history      per-epoch metrics of the averaged model (rank 0 evaluates them)
     * @param roundSeconds every averaging round's wall time on every task
     * @param exchangeSeconds the parameter exchange alone, every round on every task
     * @param workers      each task's result, in rank order (backend, device, host)
     */
    public record Outcome(Mlp model, List<EpochStats> history, double[] roundSeconds, double[] exchangeSeconds,
                          List<WorkerResult> workers) {
        /** Median wall time of an averaging round over all tasks, NaN when there was none. */
        public double medianRoundSeconds() {
            return median(roundSeconds);
        }

        /** Median wall time of the parameter exchange alone. */
        public double medianExchangeSeconds() {
            return median(exchangeSeconds);
        }

        private static double median(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }

    private DistributedTraining() {
    }

    public static Outcome run(JavaSparkContext sc, DistributedSpec spec, int[] sizes) {
        sc.setJobDescription("mlp-engine train-distributed: " + spec.tasks() + " barrier tasks");
        List<Integer> ranks = IntStream.range(0, spec.tasks()).boxed().toList();
        ClassTag<WorkerResult> tag = ClassTag$.MODULE$.apply(WorkerResult.class);
        RDD<WorkerResult> workers = sc.parallelize(ranks, spec.tasks()).rdd().barrier()
                .mapPartitions(worker(spec), false, tag);
        List<WorkerResult> results = TaskFailures.watch(sc.sc(), () -> workers.toJavaRDD().collect()).stream()
                .sorted(Comparator.comparingInt(WorkerResult::rank)).toList();
        WorkerResult first = results.get(0);
        double[] rounds = results.stream().flatMapToDouble(r -> Arrays.stream(r.roundSeconds())).toArray();
        double[] exchanges = results.stream().flatMapToDouble(r -> Arrays.stream(r.exchangeSeconds())).toArray();
        return new Outcome(ParameterCodec.decode(first.parameters(), sizes), first.history(), rounds, exchanges,
                results);
    }

    /** The barrier stage's function: each task runs one {@link BarrierWorker}. */
    private static Function1<Iterator<Integer>, Iterator<WorkerResult>> worker(DistributedSpec spec) {
        return (Function1<Iterator<Integer>, Iterator<WorkerResult>> & Serializable) ranks ->
                CollectionConverters.asScala(List.of(BarrierWorker.run(spec)).iterator());
    }
}
