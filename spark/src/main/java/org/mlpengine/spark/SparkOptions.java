package org.mlpengine.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.mlpengine.cli.UserError;
import org.mlpengine.cli.UserErrors;
import picocli.CommandLine.Option;

/** Which Spark to run on: spark-submit's, the {@code --master} given, or an embedded {@code local[*]}. */
final class SparkOptions {
    /** Set by spark-submit (and by anyone who configures Spark through system properties). */
    private static final String MASTER = "spark.master";

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N], spark://HOST:PORT, yarn, k8s://... (default: spark-submit's, "
                    + "else local[*], an embedded Spark in this JVM).")
    String master;

    @Option(names = "--gpus-per-task", paramLabel = "N",
            description = "GPUs Spark assigns each task (spark.task.resource.gpu.amount); each task then trains on "
                    + "its assigned GPU, and fails if it has none. Default 0: no GPU scheduling.")
    int gpusPerTask;

    void check() {
        if (gpusPerTask < 0) {
            throw new UserError("--gpus-per-task must be >= 0, got " + gpusPerTask);
        }
    }

    /** Whether this JVM was started with a master (spark-submit does): then Spark's own settings rule, logging too. */
    static boolean submitted() {
        return System.getProperty(MASTER) != null;
    }

    /** Whether the tasks run in this JVM: a local master, given or by default. */
    boolean local() {
        String m = master != null ? master : System.getProperty(MASTER, "local[*]");
        return m.startsWith("local");
    }

    /** The Spark context for this command: one line of error for a master Spark cannot use. */
    JavaSparkContext start(String appName) {
        if (!submitted()) {
            // Embedded: warnings only (Spark's default profile logs every stage at INFO).
            System.setProperty("log4j2.configurationFile", "org/mlpengine/spark/log4j2-embedded.properties");
        }
        SparkConf conf = new SparkConf().setAppName(appName);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains(MASTER)) {
            conf.setMaster("local[*]");
        }
        if (conf.get(MASTER).startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        // Local masters cannot schedule GPUs (Spark refuses to start with a task GPU amount there); their tasks find
        // none assigned and say so.
        if (gpusPerTask > 0 && !conf.get(MASTER).startsWith("local")) {
            conf.set("spark.task.resource.gpu.amount", String.valueOf(gpusPerTask));
        }
        try {
            return new JavaSparkContext(SparkContext.getOrCreate(conf));
        } catch (Exception e) { // SparkException is checked in Java's eyes, but Scala does not declare it
            throw new UserError("cannot start Spark with master '" + conf.get(MASTER) + "': "
                    + UserErrors.oneLine(e.getMessage()));
        }
    }
}
