package org.mlpengine.spark;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.mlpengine.cli.DataChoice;
import org.mlpengine.cli.UserError;
import org.mlpengine.core.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sweep}: every combination of the given settings, one Spark task each, then a table and a plot. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Train every combination of the given values (one Spark task per setting) and write a "
                + "table, a CSV, one run.json and model per setting, and plots of validation accuracy.")
final class SweepCommand implements Callable<Integer> {
    @Option(names = "--learning-rates", paramLabel = "LIST", split = ",", description = "Default 0.1.")
    List<Float> learningRates = List.of(TrainingConfig.SEED_LEARNING_RATE);

    @Option(names = "--hidden", paramLabel = "LIST", split = ",",
            description = "Units of the one hidden layer. Default 50.")
    List<Integer> hidden = List.of(TrainingConfig.SEED_SIZES[1]);

    @Option(names = "--batch-sizes", paramLabel = "LIST", split = ",", description = "Default 100.")
    List<Integer> batchSizes = List.of(TrainingConfig.SEED_BATCH);

    @Option(names = "--epochs", paramLabel = "LIST", split = ",", description = "Default 5.")
    List<Integer> epochs = List.of(5);

    @Option(names = "--seeds", paramLabel = "LIST", split = ",",
            description = "Seeds of the split, weights and shuffles. Default 123.")
    List<Long> seeds = List.of(TrainingConfig.SEED_SEED);

    @Option(names = "--numpy-compat", description = "Draw the split, weights and shuffles as the book's NumPy code.")
    boolean numpyCompat;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the results (default sweep-results).")
    Path out = Path.of("sweep-results");

    @Option(names = "--no-figures", description = "Skip the plots.")
    boolean noFigures;

    @Mixin
    SparkOptions spark;

    @Mixin
    DataChoice data;

    @Mixin
    BackendChoice backend;

    @Override
    public Integer call() {
        List<Setting> grid = Grid.of(learningRates, hidden, batchSizes, epochs, seeds);
        data.check();
        spark.check();
        backend.check(spark.local());
        SweepSpec spec = new SweepSpec(MnistSource.of(data), data.testCount(), data.validCount(),
                backend.request(spark.gpusPerTask), numpyCompat);
        long t0 = System.nanoTime();
        List<SweepResult> results;
        String master;
        try (JavaSparkContext sc = spark.start("mlp-engine sweep")) {
            master = sc.master();
            System.out.printf("Sweep: %d settings on %s (%d task slots), backend %s, data %s%n", grid.size(), master,
                    sc.defaultParallelism(), spec.device().backend(), spec.data().describe());
            results = Sweep.run(sc, grid, spec);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        SweepReport report = new SweepReport(results, spec, master, seconds);
        List<String> written = report.write(out, !noFigures);
        System.out.print(report.table());
        System.out.printf("%d settings in %.1f s; wrote %s in %s%n", results.size(), seconds,
                String.join(", ", written), out);
        List<SweepResult> failed = results.stream().filter(r -> SweepResult.FAILED.equals(r.status())).toList();
        if (!failed.isEmpty()) {
            throw new UserError(failed.size() + " of " + results.size() + " settings could not train; first: "
                    + failed.get(0).setting() + ": " + failed.get(0).error());
        }
        return 0;
    }
}
