package org.mlpengine.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** The tests' Spark: two local task slots on the loopback address, no UI, barrier calls that give up after 30 s. */
final class LocalSpark {
    private LocalSpark() {
    }

    static JavaSparkContext start(String name) {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName(name)
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.barrier.sync.timeout", "30s");
        return new JavaSparkContext(conf);
    }
}
