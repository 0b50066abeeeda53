package org.mlpengine.core.backend;

/**
 * The {@link java.util.ServiceLoader} entry point of a backend module.
 *
 * <p>A module registers its provider in {@code META-INF/services/org.mlpengine.core.backend.BackendProvider}.
 * Nothing else is needed for the trainer, the command line and the benchmarks to find it.
 */
public interface BackendProvider {

    /** Short lower-case name used by {@code -Dbackend=NAME} and {@code --backend NAME}. */
    String name();

    /**
     * Whether this backend can run here, with its devices or a human reason why not.
     * Must never throw and never crash the JVM (catch {@link Throwable} around native loading),
     * and should cache its answer: it is called more than once.
     */
    Availability probe();

    /**
     * Rank used by {@code auto}: the available backend with the highest speed rank wins.
     * Looked at only after {@link #probe()} said available, so it may depend on the devices found.
     */
    int speedRank();

    /** Opens the backend on the device chosen in {@code options}. */
    Backend open(BackendOptions options) throws BackendException;
}
