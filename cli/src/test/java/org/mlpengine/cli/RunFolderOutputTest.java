package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run leaves in its folder, and the --json and --quiet outputs. */
class RunFolderOutputTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path run;
    static CliRunner.Result json;

    @BeforeAll
    static void trainWithJsonOutput() throws IOException {
        data = LearnableMnistFolder.write(Files.createDirectory(dir.resolve("data")));
        run = dir.resolve("run");
        json = CliRunner.run("train", "--backend", TestBackend.NAME, "--data-dir", data.toString(), "--split",
                LearnableMnistFolder.SPLIT, "--epochs", "3", "--out", run.toString(), "--json");
        assertEquals(0, json.exitCode(), json.err());
    }

    @Test
    void jsonPrintsOneObjectPerEpochThenTheResult() {
        List<JsonObject> lines = json.out().lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        assertEquals(4, lines.size(), json.out());
        for (int e = 1; e <= 3; e++) {
            JsonObject o = lines.get(e - 1);
            assertEquals("epoch", o.get("type").getAsString());
            assertEquals(e, o.get("epoch").getAsInt());
            assertEquals(3, o.get("epochs").getAsInt());
            double acc = o.get("validAccuracy").getAsDouble();
            assertTrue(acc >= 0 && acc <= 1, o.toString());
        }
        JsonObject result = lines.get(3);
        assertEquals("result", result.get("type").getAsString());
        assertEquals(run.toString(), result.get("runDir").getAsString());
    }

    @Test
    void runFolderHoldsModelFiguresAndReports() throws IOException {
        Set<String> files;
        try (var list = Files.list(run)) {
            files = list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(Set.of("model.mlpm", "mse.png", "accuracy.png", "digits.png", "misclassified.png", "run.json",
                "report.md"), files);
        BufferedImage mse = ImageIO.read(run.resolve("mse.png").toFile());
        assertEquals(800, mse.getWidth());
        BufferedImage digits = ImageIO.read(run.resolve("digits.png").toFile());
        // 2 x 5 cells of 28 x 4 pixels with 12-pixel gaps, plus a title line.
        assertEquals(5 * (112 + 12) + 12, digits.getWidth());
        assertEquals(2 * (112 + 16 + 12) + 12, digits.getHeight());

        String md = Files.readString(run.resolve("report.md"));
        for (String png : List.of("mse.png", "accuracy.png", "digits.png", "misclassified.png")) {
            assertTrue(md.contains("](" + png + ")"), png + " in\n" + md);
        }
    }

    @Test
    void runJsonRecordsEpochsAndTheResultPrinted() throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(run.resolve("run.json"))).getAsJsonObject();
        JsonArray epochs = o.getAsJsonArray("epochs");
        assertEquals(3, epochs.size());
        JsonObject lastPrinted = JsonParser.parseString(json.out().lines().toList().get(2)).getAsJsonObject();
        assertEquals(lastPrinted.get("validAccuracy").getAsDouble(),
                epochs.get(2).getAsJsonObject().get("validAccuracy").getAsDouble());
        JsonObject result = JsonParser.parseString(json.out().lines().toList().get(3)).getAsJsonObject();
        assertEquals(result.get("testAccuracy").getAsDouble(), o.getAsJsonObject("test").get("accuracy").getAsDouble());
        assertEquals(List.of(784, 50, 10), o.getAsJsonObject("settings").getAsJsonArray("layers").asList().stream()
                .map(e -> e.getAsInt()).toList());
        assertEquals(LearnableMnistFolder.TRAIN + LearnableMnistFolder.TEST - 500, o.getAsJsonObject("data").get("train").getAsInt());
        assertTrue(o.getAsJsonObject("versions").get("java").getAsString().startsWith(System.getProperty("java.version")));
        assertEquals(TestBackend.NAME.equals("auto") ? o.getAsJsonObject("backend").get("name").getAsString() : TestBackend.NAME,
                o.getAsJsonObject("backend").get("name").getAsString());
    }

    @Test
    void quietPrintsOnlyTheTestAccuracy() {
        CliRunner.Result r = CliRunner.run("train", "--backend", TestBackend.NAME, "--data-dir", data.toString(),
                "--split", LearnableMnistFolder.SPLIT, "--epochs", "1", "--out", dir.resolve("quiet").toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().matches("Test accuracy: \\d+\\.\\d\\d%\\R"), r.out());
    }

    @Test
    void noFiguresWritesTheReportsWithoutImages() throws IOException {
        Path plain = dir.resolve("no-figures");
        CliRunner.Result r = CliRunner.run("train", "--backend", TestBackend.NAME, "--data-dir", data.toString(),
                "--split", LearnableMnistFolder.SPLIT, "--epochs", "1", "--out", plain.toString(), "--quiet", "--no-figures");
        assertEquals(0, r.exitCode(), r.err());
        try (var list = Files.list(plain)) {
            assertEquals(Set.of("model.mlpm", "run.json", "report.md"),
                    list.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
        assertEquals(0, JsonParser.parseString(Files.readString(plain.resolve("run.json"))).getAsJsonObject()
                .getAsJsonArray("figures").size());
        assertTrue(!Files.readString(plain.resolve("report.md")).contains("!["), "no image in report.md");
    }

    @Test
    void quietAndJsonTogetherIsAMistake() {
        CliRunner.Result r = CliRunner.run("train", "--quiet", "--json");
        assertEquals(1, r.exitCode());
        assertEquals("error: --quiet and --json cannot be combined", r.errLines());
    }
}
