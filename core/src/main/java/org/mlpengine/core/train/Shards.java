package org.mlpengine.core.train;

import java.util.Arrays;

/**
 * A minibatch cut into contiguous shards, one per replica. When the batch does not split evenly, the first
 * {@code batch % replicas} shards get one row more; the replicas' gradients are weighted by their rows, so a
 * step over uneven shards is still exactly the full batch's step.
 *
 * @param offsets first row of each shard within the minibatch
 * @param sizes   rows of each shard
 */
public record Shards(int[] offsets, int[] sizes) {
    public Shards {
        offsets = offsets.clone();
        sizes = sizes.clone();
        if (offsets.length != sizes.length || sizes.length == 0) {
            throw new IllegalArgumentException("need one offset per shard and at least one shard");
        }
    }

    /** Cuts {@code batch} rows into {@code replicas} shards; refuses a shard of zero rows. */
    public static Shards split(int batch, int replicas) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be >= 1, got " + replicas);
        }
        if (replicas > batch) {
            throw new IllegalArgumentException(replicas + " replicas need a batch of at least " + replicas
                    + " rows (one per replica), got " + batch);
        }
        int[] offsets = new int[replicas];
        int[] sizes = new int[replicas];
        int base = batch / replicas;
        int extra = batch % replicas;
        for (int k = 0, at = 0; k < replicas; k++) {
            offsets[k] = at;
            sizes[k] = base + (k < extra ? 1 : 0);
            at += sizes[k];
        }
        return new Shards(offsets, sizes);
    }

    public int count() {
        return sizes.length;
    }

    public int offset(int k) {
        return offsets[k];
    }

    public int size(int k) {
        return sizes[k];
    }

    /** Rows of the largest shard (the first). */
    public int maxSize() {
        return sizes[0];
    }

    /** Rows of all shards together. */
    public int total() {
        return offsets[sizes.length - 1] + sizes[sizes.length - 1];
    }

    @Override
    public int[] offsets() {
        return offsets.clone();
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shards s && Arrays.equals(offsets, s.offsets) && Arrays.equals(sizes, s.sizes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        return "Shards" + Arrays.toString(sizes);
    }
}
