package org.mlpengine.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlpengine.core.api.MlpEngine;
import org.mlpengine.core.api.Model;
import org.mlpengine.core.data.DataCache;
import org.mlpengine.core.data.DataException;
import org.mlpengine.core.data.Dataset;
import org.mlpengine.core.data.Mnist;
import org.mlpengine.core.data.MnistFetcher;
import org.mlpengine.core.testing.Required;

/** Runs every example's main as a user would, with small epoch counts, and checks what it prints. */
class ExamplesTest {
    private static final Pattern EPOCH = Pattern.compile(
            "Epoch: (\\d{3})/(\\d{3}) \\| Train MSE: \\d+\\.\\d+ \\| Train Acc: (\\d+\\.\\d\\d)% \\| Valid Acc: (\\d+\\.\\d\\d)%");
    private static final Pattern TEST_ACC = Pattern.compile("Test accuracy: (\\d+\\.\\d\\d)%");

    @TempDir
    Path dir;

    interface Main {
        void run() throws Exception;
    }

    /** Runs a main, returning what it printed on stdout (also echoed, so the build log shows the examples' output). */
    private static String stdout(Main main) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        return out;
    }

    private static double testAccuracy(String out) {
        Matcher m = TEST_ACC.matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    private static Path mnist() {
        Path data = null;
        String reason = null;
        try {
            data = new MnistFetcher().ensure(DataCache.defaultDir(), line -> System.out.println("[mnist] " + line));
        } catch (DataException e) {
            reason = e.getMessage();
        }
        String why = reason;
        Required.assume("mnist", data != null, () -> why);
        return data;
    }

    @Test
    void trainsTheSeedNetworkThenPredictsPngsWithTheSavedModel() throws Exception {
        Path data = mnist();
        Path saved = dir.resolve("seed.mlpm");
        String out = stdout(() -> TrainSeedNetwork.main(new String[]{"2", "cpu", data.toString(), saved.toString()}));
        List<String> epochs = out.lines().filter(l -> l.startsWith("Epoch:")).toList();
        assertEquals(2, epochs.size(), out);
        for (int i = 0; i < 2; i++) {
            Matcher m = EPOCH.matcher(epochs.get(i));
            assertTrue(m.matches(), epochs.get(i));
            assertEquals(i + 1, Integer.parseInt(m.group(1)));
        }
        double acc = testAccuracy(out);
        assertTrue(acc > 80 && acc < 100, "two epochs of the seed reach above 80 %: " + acc);

        // the saved model scores what training printed
        Model model = Model.load(saved);
        Dataset all = Mnist.load(data);
        assertEquals(acc, Math.round(model.testMetrics().accuracy() * 1e4) / 100.0, 1e-9);

        // ten test digits as PNGs: PredictPng prints the model's prediction, mostly the true label
        int[] rows = {60_000, 60_001, 60_002, 60_003, 60_004, 60_005, 60_006, 60_007, 60_008, 60_009};
        Dataset ten = all.subset(rows);
        int[] expected = model.predict("cpu", ten);
        int right = 0;
        for (int i = 0; i < rows.length; i++) {
            Path png = dir.resolve("digit" + i + ".png");
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                img.getRaster().setSample(p % 28, p / 28, 0, ten.pixel(i, p));
            }
            ImageIO.write(img, "png", png.toFile());
            String printed = stdout(() -> PredictPng.main(new String[]{saved.toString(), png.toString(), "cpu"}));
            assertTrue(printed.startsWith(png + ": " + expected[i] + "\n"), printed);
            assertEquals(11, printed.lines().count(), printed);
            right += expected[i] == ten.label(i) ? 1 : 0;
        }
        assertTrue(right >= 8, right + " of 10 test digits right");
    }

    @Test
    void gemmAgreesWithCpuOnEveryAvailableBackend() throws Exception {
        for (String name : MlpEngine.availableBackends()) {
            String out = stdout(() -> GemmOnBestDevice.main(new String[]{name, "257", "129", "33"}));
            assertTrue(out.contains("on " + name + " ("), out);
            assertTrue(out.contains("agrees with cpu"), out);
        }
        String best = stdout(() -> GemmOnBestDevice.main(new String[0]));
        assertTrue(best.contains("on " + MlpEngine.availableBackends().get(0) + " ("), best);
    }

    /** Three separated blobs in four dimensions, one per class: any working trainer separates them. */
    private Path blobsCsv(int rows) throws IOException {
        SplittableRandom rng = new SplittableRandom(7);
        StringBuilder sb = new StringBuilder("f1,f2,f3,f4,class\n");
        for (int i = 0; i < rows; i++) {
            int c = i % 3;
            for (int j = 0; j < 4; j++) {
                sb.append(String.format(Locale.ROOT, "%.4f,", (j == c ? 3.0 : 0.0) + rng.nextGaussian()));
            }
            sb.append(c).append('\n');
        }
        Path p = dir.resolve("blobs.csv");
        Files.writeString(p, sb);
        return p;
    }

    @Test
    void trainsOnACsvFile() throws Exception {
        Path csv = blobsCsv(300);
        String out = stdout(() -> TrainOnCsv.main(new String[]{csv.toString(), "--header", "--epochs", "30",
                "--backend", "cpu"}));
        assertTrue(out.startsWith("blobs.csv: 300 samples, 4 features, 3 classes; 180 train, 60 validation, 60 test"),
                out);
        assertTrue(testAccuracy(out) >= 85, out);
    }

    @Test
    void trainsOnIrisWhereScikitLearnsCopyIsInstalled() throws Exception {
        Path iris = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv");
        Assumptions.assumeTrue(Files.isReadable(iris), "python3-sklearn's iris.csv is not installed: " + iris);
        String out = stdout(() -> TrainOnCsv.main(new String[]{iris.toString(), "--header", "--epochs", "100",
                "--backend", "cpu"}));
        assertTrue(testAccuracy(out) >= 90, out);
    }

    /** A .npy file as numpy.save writes it: version 1.0 header padded to 64 bytes, then the data. */
    private Path npy(String name, String descr, String shape, ByteBuffer data) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        StringBuilder header = new StringBuilder(dict);
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.toString().getBytes(StandardCharsets.ISO_8859_1)).put(data.rewind());
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    @Test
    void trainsOnNumpyFilesLikeOnTheSameCsv() throws Exception {
        Path csv = blobsCsv(150);
        List<String> lines = Files.readAllLines(csv).subList(1, 151);
        ByteBuffer x = ByteBuffer.allocate(150 * 4 * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer y = ByteBuffer.allocate(150 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (String line : lines) {
            String[] cells = line.split(",");
            for (int j = 0; j < 4; j++) {
                x.putFloat(Float.parseFloat(cells[j]));
            }
            y.putLong(Long.parseLong(cells[4]));
        }
        Path xf = npy("x.npy", "<f4", "(150, 4)", x);
        Path yf = npy("y.npy", "<i8", "(150,)", y);
        Model fromNpy = TrainOnCsv.run(new String[]{xf.toString(), yf.toString(), "--epochs", "5", "--backend", "cpu"});
        Model fromCsv = TrainOnCsv.run(new String[]{csv.toString(), "--header", "--epochs", "5", "--backend", "cpu"});
        // the CSV's 4-decimal text and float32 round to the same bytes, so the two runs are the same run
        assertEquals(fromCsv.testMetrics(), fromNpy.testMetrics());
        assertArrayEquals(fromCsv.layers(), fromNpy.layers());
    }

    @Test
    void badDataIsOneLineNamingFileLineAndColumn() throws IOException {
        Path p = dir.resolve("bad.csv");
        String[][] cases = {
                {"1,2,0\n3,4\n", "bad.csv line 2: 2 columns, but the first row has 3"},
                {"1,2,0\n3,x,1\n", "bad.csv line 2, column 2: 'x' is not a number"},
                {"1,2,0\n3,NaN,1\n", "bad.csv line 2, column 2: 'NaN' is not a finite number"},
                {"1,2,0\n3,4,-2\n", "bad.csv line 2, column 3: label -2 is negative; labels are 0, 1, 2, ..."},
                {"1,2,0\n3,4,0.5\n", "bad.csv line 2, column 3: label 0.5 is not an integer class number"},
                {"1,2,0\n3,4,3\n", "bad.csv line 2, column 3: label 3 is outside the 3 classes (0..2)"},
                {"", "bad.csv: the file is empty"},
                {"1,2,0\n3,4,1\n", "bad.csv: 2 samples are too few for 3 classes (a fifth of them, at least one per "
                        + "class, is held out for testing and as much for validation)"},
        };
        for (String[] c : cases) {
            Files.writeString(p, c[0]);
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> TrainOnCsv.run(new String[]{p.toString(), "--classes", "3", "--backend", "cpu"}));
            assertEquals(c[1], e.getMessage());
        }
    }

    /** The real main in its own JVM: bad data is one line on stderr and exit status 2, no stack trace. */
    @Test
    void badDataEndsTheProgramWithOneLineAndStatus2() throws Exception {
        Path p = dir.resolve("ragged.csv");
        Files.writeString(p, "1,2,0\n3,4\n");
        Process proc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TrainOnCsv.class.getName(), p.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(proc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, proc.waitFor(), err);
        assertEquals("ragged.csv line 2: 2 columns, but the first row has 3\n", err);
    }
}
