package org.mlpengine.core.data.numpy;

import java.util.Arrays;

import org.mlpengine.core.data.DataException;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Split;
import org.mlpengine.core.data.StratifiedSplit;

/**
 * scikit-learn's stratified {@code train_test_split(X, y, test_size=N, random_state=seed, stratify=y)}, ported
 * from {@code StratifiedShuffleSplit._iter_indices} and {@code sklearn.utils._approximate_mode} (scikit-learn
 * 1.2; the algorithm is the same since 0.22) with NumPy's legacy generator: the same samples in each part, in
 * the same order.
 *
 * <p>With {@code rng = RandomState(seed)}:
 * <ol>
 * <li>the classes are the sorted distinct labels; each class's rows are listed in ascending order;</li>
 * <li>per-class training counts {@code n_i = _approximate_mode(class_counts, n_train, rng)}, then test counts
 *     {@code t_i = _approximate_mode(class_counts - n_i, n_test, rng)};</li>
 * <li>for each class in turn, {@code rng.permutation(class_count)} orders its rows: the first {@code n_i}
 *     train, the next {@code t_i} test;</li>
 * <li>the training rows, then the test rows, are each reordered by {@code rng.permutation}.</li>
 * </ol>
 * {@code _approximate_mode} floors {@code counts / counts.sum() * draws} (float64, as written) and hands the
 * missing draws to the largest remainders, breaking ties among equal remainders with
 * {@code rng.choice(tied, k, replace=False)}.
 */
public final class SklearnStratifiedSplit {

    /** The row indices {@code train_test_split} returns, in its order. */
    public record TrainTest(int[] train, int[] test) {
    }

    private SklearnStratifiedSplit() {
    }

    /**
     * The book's split: {@code train_test_split(X, y, test_size=testSize, random_state=seed, stratify=y)}, then
     * {@code train_test_split(X_temp, y_temp, test_size=validSize, random_state=seed, stratify=y_temp)} on
     * the first call's training part.
     */
    public static Split split(Dataset all, int testSize, int validSize, long seed) {
        StratifiedSplit.Indices ix = indices(all.labels(), testSize, validSize, seed);
        return new Split(all.subset(ix.train()), all.subset(ix.valid()), all.subset(ix.test()));
    }

    /** The rows of {@link #split}'s three parts, in scikit-learn's order. */
    public static StratifiedSplit.Indices indices(int[] labels, int testSize, int validSize, long seed) {
        TrainTest first = trainTestSplit(labels, testSize, seed);
        int[] temp = first.train();
        int[] tempLabels = new int[temp.length];
        for (int i = 0; i < temp.length; i++) {
            tempLabels[i] = labels[temp[i]];
        }
        TrainTest second = trainTestSplit(tempLabels, validSize, seed);
        return new StratifiedSplit.Indices(gather(temp, second.train()), gather(temp, second.test()), first.test());
    }

    /** {@code train_test_split(arange(n), test_size=testSize, random_state=seed, stratify=labels)}. */
    public static TrainTest trainTestSplit(int[] labels, int testSize, long seed) {
        int n = labels.length;
        if (testSize <= 0 || testSize >= n) {
            throw new DataException("cannot draw " + testSize + " test samples from " + n
                    + " with scikit-learn's split (needs 0 < test size < samples)");
        }
        int trainSize = n - testSize;
        int[] classes = Arrays.stream(labels).distinct().sorted().toArray();
        int k = classes.length;
        int[] counts = new int[k];
        int[] classOf = new int[n];
        for (int i = 0; i < n; i++) {
            classOf[i] = Arrays.binarySearch(classes, labels[i]);
            counts[classOf[i]]++;
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] < 2) {
                throw new DataException("class " + classes[c] + " has only " + counts[c] + " sample among " + n
                        + ": scikit-learn's stratified split needs at least 2 per class");
            }
        }
        if (trainSize < k || testSize < k) {
            throw new DataException("splitting " + n + " samples into " + trainSize + " and " + testSize
                    + ": scikit-learn's stratified split needs each part to have at least one sample per class ("
                    + k + " classes)");
        }
        int[][] rowsOfClass = new int[k][];
        int[] filled = new int[k];
        for (int c = 0; c < k; c++) {
            rowsOfClass[c] = new int[counts[c]];
        }
        for (int i = 0; i < n; i++) {
            rowsOfClass[classOf[i]][filled[classOf[i]]++] = i;
        }

        LegacyRandomState rng = new LegacyRandomState(seed);
        int[] trainPerClass = approximateMode(counts, trainSize, rng);
        int[] remaining = new int[k];
        for (int c = 0; c < k; c++) {
            remaining[c] = counts[c] - trainPerClass[c];
        }
        int[] testPerClass = approximateMode(remaining, testSize, rng);

        int[] train = new int[trainSize];
        int[] test = new int[testSize];
        int tr = 0;
        int te = 0;
        for (int c = 0; c < k; c++) {
            int[] perm = rng.permutation(counts[c]);
            for (int i = 0; i < trainPerClass[c]; i++) {
                train[tr++] = rowsOfClass[c][perm[i]];
            }
            for (int i = trainPerClass[c]; i < trainPerClass[c] + testPerClass[c]; i++) {
                test[te++] = rowsOfClass[c][perm[i]];
            }
        }
        rng.shuffle(train); // rng.permutation(train) returns a shuffled copy; the list is ours to shuffle
        rng.shuffle(test);
        return new TrainTest(train, test);
    }

    /** {@code _approximate_mode(class_counts, n_draws, rng)}: per-class draws summing to {@code draws}. */
    static int[] approximateMode(int[] counts, int draws, LegacyRandomState rng) {
        int k = counts.length;
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        double[] continuous = new double[k];
        double[] floored = new double[k];
        double flooredSum = 0;
        for (int c = 0; c < k; c++) {
            continuous[c] = (double) counts[c] / (double) total * draws;
            floored[c] = Math.floor(continuous[c]);
            flooredSum += floored[c]; // whole numbers far below 2^53: exact in any order
        }
        int needToAdd = (int) (draws - flooredSum);
        if (needToAdd > 0) {
            double[] remainder = new double[k];
            for (int c = 0; c < k; c++) {
                remainder[c] = continuous[c] - floored[c];
            }
            double[] values = Arrays.stream(remainder).distinct().sorted().toArray();
            for (int v = values.length - 1; v >= 0 && needToAdd > 0; v--) {
                int[] tied = indicesOf(remainder, values[v]);
                int addNow = Math.min(tied.length, needToAdd);
                for (int c : rng.choiceWithoutReplacement(tied, addNow)) {
                    floored[c] += 1;
                }
                needToAdd -= addNow;
            }
        }
        int[] result = new int[k];
        for (int c = 0; c < k; c++) {
            result[c] = (int) floored[c];
        }
        return result;
    }

    private static int[] indicesOf(double[] a, double value) {
        return java.util.stream.IntStream.range(0, a.length).filter(i -> a[i] == value).toArray();
    }

    private static int[] gather(int[] values, int[] positions) {
        int[] out = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            out[i] = values[positions[i]];
        }
        return out;
    }
}
