package org.mlpengine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The one declaration of the kernels ({@link Kernel}, {@link KernelConstants}) against the {@code .kc} sources. */
class KernelSourcesTest {

    @Test
    void everyKernelOfTheSourceIsDeclaredWithItsArgumentKindsInOrder() {
        Map<String, List<Kernel.Arg>> inSource = signatures(KernelSources.source(Dialect.OPENCL));
        Map<String, List<Kernel.Arg>> declared = new LinkedHashMap<>();
        for (Kernel k : Kernel.values()) {
            declared.put(k.symbol(), k.args());
        }
        assertEquals(declared.keySet().stream().sorted().toList(), inSource.keySet().stream().sorted().toList(),
                "kernel names");
        for (Map.Entry<String, List<Kernel.Arg>> e : declared.entrySet()) {
            assertEquals(inSource.get(e.getKey()), e.getValue(), "arguments of " + e.getKey());
        }
    }

    @Test
    void theParserSeesASwappedArgument() {
        // The check above must be able to fail: the same parser on a kernel whose int and float are swapped.
        String src = "KERNEL void k(float alpha, int n, GLOBAL const float* x, offset_t xOff) { }\n";
        assertEquals(List.of(Kernel.Arg.FLOAT, Kernel.Arg.INT, Kernel.Arg.FLOATS), signatures(src).get("k"));
        String noOffset = "KERNEL void k(int n, GLOBAL const float* x) { }\n";
        assertThrows(AssertionError.class, () -> signatures(noOffset));
    }

    @Test
    void sizesReachTheSourceAsDefinesFromOnePlace() {
        String src = KernelSources.source(Dialect.CUDA);
        assertEquals(KernelConstants.GEMM_TILE, define(src, "GEMM_TILE"));
        assertEquals(KernelConstants.GEMM_WPT, define(src, "GEMM_WPT"));
        assertEquals(KernelConstants.REDUCE_MAX, define(src, "REDUCE_MAX"));
        assertEquals(KernelConstants.COLUMN_SUMS_WIDTH, define(src, "COLUMN_SUMS_WIDTH"));
        assertEquals(16, define(KernelSources.source(Dialect.OPENCL, new KernelConstants(16)), "GEMM_TILE"));
        // No kernel file defines a size of its own: the defines above are the only ones.
        for (String name : List.of("GEMM_TILE", "GEMM_WPT", "REDUCE_MAX", "COLUMN_SUMS_WIDTH")) {
            Matcher m = Pattern.compile("#define " + name + " ").matcher(src);
            int count = 0;
            while (m.find()) {
                count++;
            }
            assertEquals(1, count, name + " defined once");
        }
        assertThrows(IllegalArgumentException.class, () -> new KernelConstants(24));
    }

    @Test
    void dialectsDifferOnlyByPrelude() {
        String cl = KernelSources.source(Dialect.OPENCL);
        String cu = KernelSources.source(Dialect.CUDA);
        assertTrue(cl.contains("#define KERNEL __kernel"), "OpenCL prelude first");
        assertTrue(cu.contains("#define KERNEL extern \"C\" __global__"), "CUDA prelude first");
        assertEquals(cl.substring(cl.indexOf("/* ---- sizes")), cu.substring(cu.indexOf("/* ---- sizes")));
        assertFalse(cl.contains("KERNEL void fill("), "fills are the driver's (memset), not a kernel");
    }

    /** Kernel name to argument kinds, read from {@code KERNEL void name(...)} and the GEMM_KERNEL macro. */
    static Map<String, List<Kernel.Arg>> signatures(String src) {
        String text = src.replace("\\\n", " ");
        Map<String, List<Kernel.Arg>> out = new LinkedHashMap<>();
        Matcher direct = Pattern.compile("(?m)^KERNEL void ([a-z_]+)\\(([^)]*)\\)").matcher(text);
        while (direct.find()) {
            out.put(direct.group(1), kinds(direct.group(2)));
        }
        Matcher macro = Pattern.compile("#define GEMM_KERNEL\\([^)]*\\)\\s*KERNEL void NAME\\(([^)]*)\\)").matcher(text);
        if (macro.find()) {
            List<Kernel.Arg> gemm = kinds(macro.group(1));
            Matcher uses = Pattern.compile("(?m)^GEMM_KERNEL\\(([a-z_]+),").matcher(text);
            while (uses.find()) {
                out.put(uses.group(1), gemm);
            }
        }
        return out;
    }

    private static List<Kernel.Arg> kinds(String params) {
        List<String> p = Arrays.stream(params.split(",")).map(s -> s.replace("GLOBAL", "").replace("const", "")
                .replaceAll("\\s+", " ").trim()).toList();
        List<Kernel.Arg> kinds = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            String s = p.get(i);
            if (s.startsWith("int*") || s.startsWith("float*")) {
                assertTrue(i + 1 < p.size() && p.get(i + 1).startsWith("offset_t"),
                        "a buffer is followed by its offset_t: " + params);
                kinds.add(s.startsWith("int*") ? Kernel.Arg.INTS : Kernel.Arg.FLOATS);
                i++;
            } else if (s.startsWith("int ")) {
                kinds.add(Kernel.Arg.INT);
            } else if (s.startsWith("float ")) {
                kinds.add(Kernel.Arg.FLOAT);
            } else {
                throw new AssertionError("unknown parameter '" + s + "' in " + params);
            }
        }
        return kinds;
    }

    private static int define(String src, String name) {
        Matcher m = Pattern.compile("#define " + name + " (\\d+)").matcher(src);
        assertTrue(m.find(), name + " is #defined");
        return Integer.parseInt(m.group(1));
    }
}
