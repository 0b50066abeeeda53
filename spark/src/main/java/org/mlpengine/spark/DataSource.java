package org.mlpengine.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mlpengine.core.data.Dataset;

/**
 * Where a task's samples come from: a value shipped to every executor, which loads the data there. A record, so equal
 * sources are equal keys of {@link #loadCached}.
 */
public interface DataSource extends Serializable {
    /** All samples (the split is drawn from them with the run's seed). */
    Dataset load();

    /** What the source is, for reports: a folder, "the cache", "synthetic ...". */
    String describe();

    /** Loaded once per executor JVM, however many of its tasks ask (a Dataset is immutable). */
    static Dataset loadCached(DataSource source) {
        return Loaded.DATA.computeIfAbsent(source, DataSource::load);
    }

    /** The per-JVM cache behind {@link #loadCached}. */
    final class Loaded {
        private static final Map<DataSource, Dataset> DATA = new ConcurrentHashMap<>();

        private Loaded() {
        }
    }
}
