package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void drawsBatchesAndRateOnOneLineAndClearsIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 50, 100);
        bar.restart();
        bar.update(3, 275, 550);
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.matches("\\rEpoch 003/050 \\[#{15}\\.{15}\\] 275/550 batches \\| [\\d,]+ samples/s \\| ETA \\d+s"),
                drawn);
        bar.update(3, 550, 550); // the last step is always drawn
        bar.clear();
        String all = bytes.toString(StandardCharsets.UTF_8);
        String cleared = all.substring(all.lastIndexOf('\r', all.length() - 2));
        assertEquals("\r" + " ".repeat(cleared.length() - 2) + "\r", cleared);
        assertTrue(all.contains("550/550 batches"), all);
    }
}
