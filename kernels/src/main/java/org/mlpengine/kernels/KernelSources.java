package org.mlpengine.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The device kernels as one source text per {@link Dialect}: the dialect's prelude, the sizes of
 * {@link KernelConstants} as {@code #define}s, then the shared kernel files. The kernels themselves are listed,
 * with their argument kinds and launch shapes, in {@link Kernel}.
 */
public final class KernelSources {
    private static final List<String> FILES = List.of("common.kc", "gemm.kc", "elementwise.kc", "reductions.kc", "gather.kc");

    private KernelSources() {
    }

    /** The full source of every kernel in {@code dialect}, with the default sizes. */
    public static String source(Dialect dialect) {
        return source(dialect, KernelConstants.DEFAULT);
    }

    /** The full source of every kernel in {@code dialect}, built for {@code constants}. */
    public static String source(Dialect dialect, KernelConstants constants) {
        StringBuilder sb = new StringBuilder(resource(dialect.prelude));
        sb.append("\n/* ---- sizes (KernelConstants) ---- */\n").append(constants.defines());
        for (String file : FILES) {
            sb.append("\n/* ---- ").append(file).append(" ---- */\n").append(resource(file));
        }
        return sb.toString();
    }

    private static String resource(String name) {
        try (InputStream in = KernelSources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("kernel resource missing from the class path: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel resource " + name, e);
        }
    }
}
