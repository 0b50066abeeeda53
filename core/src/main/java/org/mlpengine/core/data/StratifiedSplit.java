package org.mlpengine.core.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The seed's stratified train/validation/test split, deterministic for a seed.
 *
 * <p>The seed calls scikit-learn twice: {@code train_test_split(X, y, test_size=10000, stratify=y)},
 * then {@code train_test_split(X_temp, y_temp, test_size=5000, stratify=y_temp)}. This class does
 * the same two stratified draws with its own algorithm; it gives the same class proportions but
 * NOT scikit-learn's permutation, so the exact samples in each part differ from the book's (the
 * book's accuracies are reproduced to about half a point, which is what a different RNG costs anyway).
 *
 * <p>One stratified draw of {@code take} samples from a pool of {@code N} samples:
 * <ol>
 * <li>Group the pool by class, each group in pool order; class {@code c} has {@code n_c} members.</li>
 * <li>Quotas by largest remainder: class {@code c} gets {@code floor(take * n_c / N)}; the
 *     {@code take - sum(floors)} samples left over go one each to the classes with the largest
 *     remainders {@code (take * n_c) mod N}, ties to the lower class index. The quotas sum to
 *     exactly {@code take} and each is within 1 of {@code take * n_c / N}.</li>
 * <li>For {@code c = 0, 1, ...}: shuffle the group with Fisher-Yates driven by one
 *     {@link SplittableRandom} (created once from the seed and used in turn by every class and
 *     both draws); the first quota members are drawn, the rest stay in the pool.</li>
 * <li>Both parts are returned sorted by original row index.</li>
 * </ol>
 * The first draw takes the test part from all rows; the second takes the validation part from what
 * remains; the rest is the training part.
 */
public final class StratifiedSplit {

    /** The seed's sizes. */
    public static final int SEED_TEST = 10_000;
    public static final int SEED_VALID = 5_000;
    /** The seed's {@code random_state}. */
    public static final long SEED_DEFAULT = 123;

    /** Row indices of the three parts (this class's are each sorted ascending). */
    public record Indices(int[] train, int[] valid, int[] test) {
    }

    private StratifiedSplit() {
    }

    /** The seed's split of MNIST: 10,000 test, then 5,000 validation, the rest (55,000) train. */
    public static Split seedSplit(Dataset all, long seed) {
        return split(all, SEED_TEST, SEED_VALID, seed);
    }

    /** Splits {@code all} into {@code testCount} test, {@code validCount} validation and the rest training samples, stratified. */
    public static Split split(Dataset all, int testCount, int validCount, long seed) {
        Indices ix = indices(all.labels(), all.classes(), testCount, validCount, seed);
        return new Split(all.subset(ix.train()), all.subset(ix.valid()), all.subset(ix.test()));
    }

    /** The row indices of {@link #split}: labels in {@code 0 .. classes-1}. */
    public static Indices indices(int[] labels, int classes, int testCount, int validCount, long seed) {
        int n = labels.length;
        if (testCount < 0 || validCount < 0 || (long) testCount + validCount > n) {
            throw new DataException("cannot split " + n + " samples into " + testCount + " test and " + validCount
                    + " validation samples");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        int[][] first = draw(all, labels, classes, testCount, rng);
        int[][] second = draw(first[1], labels, classes, validCount, rng);
        return new Indices(second[1], second[0], first[0]);
    }

    /** Per-class quotas for drawing {@code take} of the pool whose class counts are {@code counts}. */
    static int[] quotas(int[] counts, int take) {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        int k = counts.length;
        int[] q = new int[k];
        long[] rem = new long[k];
        long assigned = 0;
        for (int c = 0; c < k; c++) {
            long num = (long) take * counts[c];
            q[c] = total == 0 ? 0 : (int) (num / total);
            rem[c] = total == 0 ? 0 : num % total;
            assigned += q[c];
        }
        long left = take - assigned; // < number of classes with a non-zero remainder
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> rem[a] != rem[b] ? Long.compare(rem[b], rem[a]) : Integer.compare(a, b));
        for (int i = 0; i < left; i++) {
            q[order[i]]++;
        }
        return q;
    }

    /** Returns {drawn, rest}, each sorted ascending. */
    private static int[][] draw(int[] pool, int[] labels, int classes, int take, SplittableRandom rng) {
        int[] counts = new int[classes];
        for (int i : pool) {
            int y = labels[i];
            if (y < 0 || y >= classes) {
                throw new DataException("label " + y + " at position " + i + " is outside 0.." + (classes - 1));
            }
            counts[y]++;
        }
        int[] q = quotas(counts, take);
        // group the pool by class (counting sort, stable)
        int[] start = new int[classes + 1];
        for (int c = 0; c < classes; c++) {
            start[c + 1] = start[c] + counts[c];
        }
        int[] grouped = new int[pool.length];
        int[] fill = Arrays.copyOf(start, classes);
        for (int i : pool) {
            grouped[fill[labels[i]]++] = i;
        }
        int[] drawn = new int[take];
        int[] rest = new int[pool.length - take];
        int d = 0;
        int r = 0;
        for (int c = 0; c < classes; c++) {
            int lo = start[c];
            int len = counts[c];
            for (int i = len - 1; i > 0; i--) { // Fisher-Yates on grouped[lo .. lo+len)
                int j = rng.nextInt(i + 1);
                int t = grouped[lo + i];
                grouped[lo + i] = grouped[lo + j];
                grouped[lo + j] = t;
            }
            System.arraycopy(grouped, lo, drawn, d, q[c]);
            d += q[c];
            System.arraycopy(grouped, lo + q[c], rest, r, len - q[c]);
            r += len - q[c];
        }
        Arrays.sort(drawn);
        Arrays.sort(rest);
        return new int[][] {drawn, rest};
    }
}
