package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --save, then evaluate and predict with the file: the same accuracy and the same predictions. */
class SavedModelRoundTripTest {
    private static final Pattern TEST_ACC = Pattern.compile("Test accuracy: (\\d+\\.\\d\\d)%");

    @TempDir
    static Path dir;
    static Path data;
    static Path model;
    static CliRunner.Result train;

    @BeforeAll
    static void trainOnce() throws IOException {
        data = LearnableMnistFolder.write(Files.createDirectory(dir.resolve("data")));
        model = dir.resolve("saved/digits.mlpm");
        train = CliRunner.run("train", "--backend", TestBackend.NAME, "--data-dir", data.toString(), "--split",
                LearnableMnistFolder.SPLIT, "--epochs", "4", "--out", dir.resolve("run").toString(), "--save", model.toString());
        assertEquals(0, train.exitCode(), train.err());
    }

    private static String accuracy(String out) {
        Matcher m = TEST_ACC.matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    @Test
    void evaluateReportsTheAccuracyTrainingEndedWith() {
        CliRunner.Result r = CliRunner.run("evaluate", "--backend", TestBackend.NAME, "--model", model.toString(),
                "--data-dir", data.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(accuracy(train.out()), accuracy(r.out()));
        assertTrue(r.out().contains("Test samples: 300"), r.out());

        // The confusion matrix adds up to the test part and its diagonal is the accuracy.
        List<String> rows = r.out().lines().dropWhile(l -> !l.startsWith("true\\pred")).skip(1).toList();
        assertEquals(10, rows.size(), r.out());
        long total = 0;
        long diagonal = 0;
        for (int t = 0; t < 10; t++) {
            String[] cells = rows.get(t).trim().split("\\s+");
            assertEquals(String.valueOf(t), cells[0]);
            for (int p = 0; p < 10; p++) {
                long n = Long.parseLong(cells[p + 1]);
                total += n;
                diagonal += p == t ? n : 0;
            }
        }
        assertEquals(300, total);
        assertEquals(accuracy(r.out()), String.format(java.util.Locale.ROOT, "%.2f", 100.0 * diagonal / total));
    }

    @Test
    void predictReadsPicturesEitherWayRound() throws IOException {
        // A clean "3" of the synthetic set: the bar at rows 9..11.
        BufferedImage ink = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage paper = new BufferedImage(56, 56, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                int v = y / 2 >= 9 && y / 2 < 12 && x / 2 >= 4 && x / 2 < 24 ? 210 : 20;
                ink.getRaster().setSample(x / 2, y / 2, 0, v);
                paper.getRaster().setSample(x, y, 0, 255 - v);
            }
        }
        Path inkFile = dir.resolve("three.png");
        Path paperFile = dir.resolve("three-on-paper.png");
        ImageIO.write(ink, "png", inkFile.toFile());
        ImageIO.write(paper, "png", paperFile.toFile());
        CliRunner.Result r = CliRunner.run("predict", "--backend", TestBackend.NAME, "--model", model.toString(),
                inkFile.toString(), paperFile.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("three.png: 3 ("), r.out());
        assertTrue(lines.get(1).startsWith("three-on-paper.png: 3 ("), r.out());
        assertTrue(r.errLines().contains(paperFile + ": 56x56 scaled to 28x28"), r.err());
        assertTrue(r.errLines().contains(paperFile + ": dark digit on a light background, inverted"), r.err());
    }

    @Test
    void predictClassifiesIdxImagesAsTheModelDoes() {
        CliRunner.Result r = CliRunner.run("predict", "--backend", TestBackend.NAME, "--model", model.toString(),
                "--top", "2", data.resolve("t10k-images-idx3-ubyte").toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(LearnableMnistFolder.TEST, lines.size());
        Pattern line = Pattern.compile("t10k-images-idx3-ubyte\\[(\\d+)\\]: (\\d) \\((\\d\\.\\d{3})\\)  (\\d) \\((\\d\\.\\d{3})\\)");
        int correct = 0;
        for (String l : lines) {
            Matcher m = line.matcher(l);
            assertTrue(m.matches(), l);
            assertTrue(Double.parseDouble(m.group(3)) >= Double.parseDouble(m.group(5)), l);
            correct += Integer.parseInt(m.group(2)) == Integer.parseInt(m.group(1)) % 10 ? 1 : 0;
        }
        // Four epochs on the bars already separate most digits; a broken load would be near 10 %.
        assertTrue(correct > LearnableMnistFolder.TEST * 0.6, correct + " of " + LearnableMnistFolder.TEST);
    }
}
