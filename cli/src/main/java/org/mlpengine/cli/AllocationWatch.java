package org.mlpengine.cli;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Notices an epoch that allocates on the heap, once the run is warm. A compiled training step allocates
 * nothing; a JVM that has left the cpu backend's Vector API kernels in interpreted or C1 code boxes every
 * vector instead (hundreds of KB per sample, about 7x slower), a rare state seen after a late deoptimization.
 * The allocation is the cheap, unambiguous sign of it.
 */
final class AllocationWatch {
    /** Far above what a warm epoch allocates (progress lines, a checkpoint: a few MB), far below a stuck one (GB). */
    static final long LIMIT = 512L << 20;
    /** Epochs before the JIT is expected to have compiled the step. */
    static final int WARM_AFTER = 2;

    private final LongSupplier allocatedBytes;
    private long last;
    private int epochsSeen;
    private boolean warned;

    /**
     * Watches every thread of this JVM; unavailable (never warns) where the JVM does not count allocation, or where
     * the runtime lacks the jdk.management module (a jlinked one) that has HotSpot's counter.
     */
    static AllocationWatch ofThisJvm() {
        if (ModuleLayer.boot().findModule("jdk.management").isEmpty()) {
            return new AllocationWatch(() -> 0);
        }
        return HotSpotCounter.watch();
    }

    /** Kept apart so that a runtime without jdk.management never loads its classes. */
    private static final class HotSpotCounter {
        static AllocationWatch watch() {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                    && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled()) {
                return new AllocationWatch(() -> {
                    long sum = 0;
                    for (long bytes : bean.getThreadAllocatedBytes(bean.getAllThreadIds())) {
                        sum += Math.max(0, bytes);
                    }
                    return sum;
                });
            }
            return new AllocationWatch(() -> 0);
        }
    }

    AllocationWatch(LongSupplier allocatedBytes) {
        this.allocatedBytes = allocatedBytes;
        this.last = allocatedBytes.getAsLong();
    }

    /** Call after each epoch; the first time a warm epoch allocated more than {@link #LIMIT}, the warning to print. */
    Optional<String> afterEpoch(int epoch) {
        long now = allocatedBytes.getAsLong();
        long bytes = Math.max(0, now - last); // threads that ended take their counts with them
        last = now;
        epochsSeen++;
        if (warned || epochsSeen <= WARM_AFTER || bytes <= LIMIT) {
            return Optional.empty();
        }
        warned = true;
        return Optional.of(String.format(Locale.ROOT, "warning: epoch %d allocated %.1f GB on the JVM heap, where a"
                + " compiled training step allocates nothing: the JIT has left the kernels in slow code (about 7x"
                + " slower); stopping and resuming the run (--checkpoint-every, --resume) starts a fresh JVM",
                epoch, bytes / 1e9));
    }
}
