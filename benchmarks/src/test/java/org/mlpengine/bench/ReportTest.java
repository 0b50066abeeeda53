package org.mlpengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static List<JmhResult> fixture() throws IOException {
        try (Reader r = new InputStreamReader(ReportTest.class.getResourceAsStream("jmh-fixture.json"),
                StandardCharsets.UTF_8)) {
            return JmhResult.parse(r);
        }
    }

    @Test
    void parsesScoresParametersAndAllocation() throws IOException {
        List<JmhResult> results = fixture();
        assertEquals(5, results.size());
        JmhResult opencl = results.get(0);
        assertEquals("EpochThroughput.trainingPass", opencl.benchmark());
        assertEquals("opencl", opencl.param("backend"));
        assertEquals(5000, opencl.medianOpsPerSecond(), 1e-9);
        assertEquals(25, opencl.allocPerOp().getAsDouble(), 1e-9); // the median iteration, not the mean (1350)
        assertTrue(results.get(1).allocPerOp().isEmpty());
        assertEquals(4, results.get(2).medianOpsPerSecond(), 1e-9); // 0.25 s/op
        assertEquals(0.01, results.get(3).allocPerOp().getAsDouble(), 1e-9); // old JMH's "·" prefix
    }

    @Test
    void tablesHaveOneRowPerResultInBackendOrder() throws IOException {
        String md = Report.markdown(fixture(), List.of("CPU: test"), "now", List.of("jmh.json"));
        List<String> lines = md.lines().toList();
        List<String> epochRows = lines.stream().filter(l -> l.matches("\\| (cpu|opencl) \\| \\d+ \\| \\d+ \\|.*")).toList();
        assertEquals(List.of(
                "| cpu | 1000 | 256 | 150,000 | 100,000 to 200,000 | 366.67 ms | not measured |",
                "| opencl | 100 | 50 | 5,000 | 4,000 to 6,000 | 11.00 s | 2500 B |"), epochRows);
        assertTrue(lines.contains("| cpu | 250.00 ms | 250.00 ms to 250.00 ms | not measured |"), md);
        // 2 * 100 * 784 * 50 flops in 784 us: 10 GFLOP/s.
        assertTrue(lines.contains("| FORWARD | X W_h^T: 100x784 * (50x784)^T | cpu | 10.0 | 10.0 to 10.0 | 784.0 us | 0 B |"), md);
        // 4 * (2 * 100 * 50 + 50) bytes in 4.02 us: 10 GB/s.
        assertTrue(lines.contains("| BIAS_SIGMOID | 100x50 (step) | cpu | 10.0 | 10.0 to 10.0 | 4.0 us | not measured |"), md);
        assertTrue(lines.contains("- CPU: test"));
    }

    @Test
    void writesOneChartPerBenchmarkWithResults(@TempDir Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Report.writeCharts(fixture(), dir);
        for (String chart : List.of(Report.EPOCH_CHART, Report.GEMM_CHART, Report.STREAM_CHART)) {
            assertTrue(Files.size(dir.resolve(chart)) > 1000, chart);
        }
    }
}
