package org.mlpengine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KernelSourcesTest {

    @Test
    void kernelNamesListEveryKernelInTheSource() {
        String src = KernelSources.source(Dialect.OPENCL);
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^(?:KERNEL void ([a-z_]+)\\(|GEMM_KERNEL\\(([a-z_]+),)").matcher(src);
        while (m.find()) {
            found.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        assertEquals(KernelSources.KERNEL_NAMES.stream().sorted().toList(), found.stream().sorted().toList());
    }

    @Test
    void javaConstantsMatchTheSourceDefines() {
        String src = KernelSources.source(Dialect.CUDA);
        assertEquals(KernelSources.GEMM_TILE, define(src, "GEMM_TILE"));
        assertEquals(KernelSources.GEMM_WPT, define(src, "GEMM_WPT"));
        assertEquals(KernelSources.REDUCE_MAX, define(src, "REDUCE_MAX"));
    }

    @Test
    void dialectsDifferOnlyByPrelude() {
        String cl = KernelSources.source(Dialect.OPENCL);
        String cu = KernelSources.source(Dialect.CUDA);
        assertTrue(cl.contains("#define KERNEL __kernel"), "OpenCL prelude first");
        assertTrue(cu.contains("#define KERNEL extern \"C\" __global__"), "CUDA prelude first");
        assertEquals(cl.substring(cl.indexOf("/* ---- common.kc")), cu.substring(cu.indexOf("/* ---- common.kc")));
    }

    private static int define(String src, String name) {
        Matcher m = Pattern.compile("#define " + name + " (\\d+)").matcher(src);
        assertTrue(m.find(), name + " is #defined");
        return Integer.parseInt(m.group(1));
    }
}
