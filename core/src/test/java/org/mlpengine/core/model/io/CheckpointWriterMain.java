package org.mlpengine.core.model.io;

import java.nio.file.Path;
import java.util.List;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.Mlp;

/**
 * The child process of {@link CheckpointKillTest}: writes checkpoint versions {@code first, first+1, ...} of a
 * large model to one file with {@link ModelFile#write}, as the trainer does, printing {@code begin V} before and
 * {@code wrote V} after each write (so the lines bracket {@link ModelFile#write} alone), until it is killed.
 */
public final class CheckpointWriterMain {
    /** About 12 MiB of weights: a write takes long enough for a kill to land inside it. */
    static final int[] SIZES = {784, 4000, 10};

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int first = Integer.parseInt(args[1]);
        for (int v = first; ; v++) {
            SavedModel next = version(v);
            System.out.println("begin " + v);
            System.out.flush();
            ModelFile.write(file, next);
            System.out.println("wrote " + v);
            System.out.flush();
        }
    }

    /** Version {@code v}: weights and header that depend on {@code v} only, so a reader can check them. */
    static SavedModel version(int v) {
        float[][] w = new float[SIZES.length - 1][];
        float[][] b = new float[SIZES.length - 1][];
        for (int l = 0; l < w.length; l++) {
            w[l] = new float[SIZES[l + 1] * SIZES[l]];
            for (int i = 0; i < w[l].length; i++) {
                w[l][i] = value(v, l, i);
            }
            b[l] = new float[SIZES[l + 1]];
            for (int i = 0; i < b[l].length; i++) {
                b[l][i] = -value(v, l, i);
            }
        }
        ModelInfo info = new ModelInfo(ModelInfo.CHECKPOINT, SIZES, ModelInfo.SIGMOID, ModelInfo.Input.mnist(784),
                new ModelInfo.Training(100, 0.1f, 1_000_000, 123, 10000, 5000, "cafebabe", "cpu", "[0] kill test"), v,
                List.of(new EpochResult(v, 1.0 / v, 0.5, 1.0 / v, 0.5, 1, 2, 55000)), null, "mlp-engine kill test",
                "2026-11-29T00:00:00Z");
        return new SavedModel(new Mlp(SIZES, w, b), info);
    }

    static float value(int v, int l, int i) {
        return ((v * 1_000_003L + l * 7919L + i) % 100_003) / 100_003f;
    }
}
