package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AllocationWatchTest {
    private long allocated;

    @Test
    void warnsOnceWhenAWarmEpochAllocatesGigabytes() {
        AllocationWatch watch = new AllocationWatch(() -> allocated);
        allocated += 3L << 30; // warm-up epochs may allocate: the JIT is still compiling
        assertEquals(Optional.empty(), watch.afterEpoch(1));
        allocated += 3L << 30;
        assertEquals(Optional.empty(), watch.afterEpoch(2));
        allocated += 1L << 20; // a warm epoch: progress lines, a checkpoint
        assertEquals(Optional.empty(), watch.afterEpoch(3));
        allocated += 12_500_000_000L; // boxed vectors: ~228 KB per sample
        Optional<String> warning = watch.afterEpoch(4);
        assertTrue(warning.isPresent());
        assertTrue(warning.get().startsWith("warning: epoch 4 allocated 12.5 GB"), warning.get());
        allocated += 12_500_000_000L;
        assertEquals(Optional.empty(), watch.afterEpoch(5), "one warning per run");
    }

    @Test
    void aCounterThatGoesBackIsNoAllocation() {
        allocated = 5L << 30;
        AllocationWatch watch = new AllocationWatch(() -> allocated);
        for (int epoch = 1; epoch <= 3; epoch++) {
            watch.afterEpoch(epoch);
        }
        allocated = 1L << 30; // a thread ended and took its count along
        assertEquals(Optional.empty(), watch.afterEpoch(4));
    }

    @Test
    void thisJvmsWatchDoesNotWarnOnAQuietEpoch() {
        AllocationWatch watch = AllocationWatch.ofThisJvm();
        for (int epoch = 1; epoch <= 4; epoch++) {
            assertEquals(Optional.empty(), watch.afterEpoch(epoch));
        }
    }
}
