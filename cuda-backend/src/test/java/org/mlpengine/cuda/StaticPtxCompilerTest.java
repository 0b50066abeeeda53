package org.mlpengine.cuda;

import static jcuda.nvptxcompiler.JNvPTXCompiler.nvPTXCompilerCompile;
import static jcuda.nvptxcompiler.JNvPTXCompiler.nvPTXCompilerCreate;
import static jcuda.nvptxcompiler.JNvPTXCompiler.nvPTXCompilerDestroy;
import static jcuda.nvptxcompiler.JNvPTXCompiler.nvPTXCompilerGetCompiledProgramSize;
import static jcuda.nvptxcompiler.JNvPTXCompiler.nvPTXCompilerGetErrorLog;
import static jcuda.nvptxcompiler.JNvPTXCompiler.nvPTXCompilerGetErrorLogSize;
import static jcuda.nvptxcompiler.JNvPTXCompiler.nvPTXCompilerGetInfoLog;
import static jcuda.nvptxcompiler.JNvPTXCompiler.nvPTXCompilerGetInfoLogSize;
import static jcuda.nvptxcompiler.JNvPTXCompiler.nvPTXCompilerGetVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import jcuda.nvptxcompiler.nvPTXCompileResult;
import jcuda.nvptxcompiler.nvPTXCompilerHandle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlpengine.core.backend.Availability;
import org.mlpengine.kernels.CudaToolchain;

/**
 * Compiles the committed PTX with the static PTX compiler inside jcuda-natives (a ptxas in a library, CUDA 12.0,
 * PTX ISA up to 8.0). It needs no driver, so this runs on CPU-only machines: the same PTX a CUDA 12 driver would
 * JIT, compiled by a CUDA 12 compiler.
 */
class StaticPtxCompilerTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sm_90", "sm_75"})
    void jcudaPtxCompilerBuildsTheCommittedPtx(String gpu) {
        int[] major = new int[1];
        int[] minor = new int[1];
        try {
            nvPTXCompilerGetVersion(major, minor);
        } catch (LinkageError e) {
            // Only a missing or unloadable native library (UnsatisfiedLinkError, NoClassDefFoundError) skips; any other
            // failure of the compiler is a failure of this test.
            CudaToolchain.skip("StaticPtxCompilerTest", "JNvPTXCompiler not loadable: " + Availability.describe(e));
        }
        byte[] ptx = CudaModule.ptx();
        nvPTXCompilerHandle handle = new nvPTXCompilerHandle();
        check(nvPTXCompilerCreate(handle, ptx.length, Arrays.copyOf(ptx, ptx.length + 1)), "nvPTXCompilerCreate");
        try {
            int result = nvPTXCompilerCompile(handle, 2, new String[] {"--gpu-name=" + gpu, "--verbose"});
            System.out.println("[StaticPtxCompilerTest] nvPTXCompiler " + major[0] + "." + minor[0] + " --gpu-name=" + gpu
                    + ": " + nvPTXCompileResult.stringFor(result) + "\n" + infoLog(handle));
            assertEquals(nvPTXCompileResult.NVPTXCOMPILE_SUCCESS, result,
                    nvPTXCompileResult.stringFor(result) + ":\n" + errorLog(handle));
            long[] size = new long[1];
            check(nvPTXCompilerGetCompiledProgramSize(handle, size), "nvPTXCompilerGetCompiledProgramSize");
            assertTrue(size[0] > 0, "a non-empty cubin");
        } finally {
            nvPTXCompilerDestroy(handle);
        }
    }

    private static void check(int result, String call) {
        assertEquals(nvPTXCompileResult.NVPTXCOMPILE_SUCCESS, result, call + ": " + nvPTXCompileResult.stringFor(result));
    }

    private static String infoLog(nvPTXCompilerHandle handle) {
        long[] size = new long[1];
        nvPTXCompilerGetInfoLogSize(handle, size);
        byte[] log = new byte[(int) size[0]];
        nvPTXCompilerGetInfoLog(handle, log);
        return text(log);
    }

    private static String errorLog(nvPTXCompilerHandle handle) {
        long[] size = new long[1];
        nvPTXCompilerGetErrorLogSize(handle, size);
        byte[] log = new byte[(int) size[0]];
        nvPTXCompilerGetErrorLog(handle, log);
        return text(log);
    }

    private static String text(byte[] cString) {
        int n = 0;
        while (n < cString.length && cString[n] != 0) {
            n++;
        }
        return new String(cString, 0, n, StandardCharsets.UTF_8);
    }
}
