package org.mlpengine.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mirrors that misbehave in ways {@link MnistFetcherTest} does not cover: one that stalls in the middle of the
 * body, and one that serves a gzip bomb (a small download that inflates beyond any data file). Both end in a
 * one-line {@link FetchException} within bounded time and disk, leaving nothing in the cache.
 */
class MnistFetcherHostileServerTest {
    private static final byte[] A = {0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3};
    private static final List<MnistFetcher.FileSpec> SPECS = List.of(
            new MnistFetcher.FileSpec("a-idx1-ubyte", "0000000000000000000000000000000000000000000000000000000000000000"));

    @TempDir
    Path tmp;
    private Path cache;
    private HttpServer server;
    private String base;
    private static byte[] bomb;

    @BeforeEach
    void start() throws IOException {
        cache = Files.createDirectories(tmp.resolve("cache"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-mirror");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String mode = ex.getRequestURI().getPath().split("/")[1];
        try (ex) {
            switch (mode) {
                case "stall" -> {
                    byte[] gz = gzip(A);
                    ex.sendResponseHeaders(200, gz.length);
                    OutputStream out = ex.getResponseBody();
                    out.write(gz, 0, gz.length / 2);
                    out.flush();
                    Thread.sleep(6_000); // longer than the fetcher's transfer timeout
                }
                case "bomb" -> {
                    ex.sendResponseHeaders(200, bomb().length);
                    ex.getResponseBody().write(bomb());
                }
                default -> ex.sendResponseHeaders(404, -1);
            }
        } catch (IOException | InterruptedException e) {
            // the client hung up: expected for both modes
        }
    }

    /** Zeros, {@link MnistFetcher#MAX_FILE_BYTES} and 1 MiB of them, gzipped to a few hundred KB. */
    private static synchronized byte[] bomb() throws IOException {
        if (bomb == null) {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bo, 1 << 16)) {
                byte[] zeros = new byte[1 << 20];
                for (long n = 0; n < MnistFetcher.MAX_FILE_BYTES + zeros.length; n += zeros.length) {
                    gz.write(zeros);
                }
            }
            bomb = bo.toByteArray();
        }
        return bomb;
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
            gz.write(b);
        }
        return bo.toByteArray();
    }

    private FetchException fails(String mode, Duration transferTimeout) {
        MnistFetcher f = new MnistFetcher(SPECS, List.of(URI.create(base + mode)), List.of(), Duration.ofSeconds(5),
                transferTimeout);
        FetchException e = assertThrows(FetchException.class, () -> f.ensure(cache, m -> { }));
        assertEquals(1, e.errors().size(), e.errors().toString());
        assertTrue(!e.errors().get(0).contains("\n"), e.errors().get(0));
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(List.of(), s.toList(), "nothing, not even a partial file, is left in the cache");
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        return e;
    }

    @Test
    void aMirrorThatStallsMidBodyTimesOut() {
        long t0 = System.nanoTime();
        FetchException e = fails("stall", Duration.ofSeconds(1));
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[fetch] stalled mirror: %s (%.1f s)%n", e.errors().get(0), s);
        assertEquals("mirror " + base + "stall/: a-idx1-ubyte.gz: timed out after 1 s", e.errors().get(0));
        assertTrue(s < 5, "gave up after " + s + " s");
    }

    @Test
    void aGzipBombIsCutOffAtTheSizeLimit() throws IOException {
        FetchException e = fails("bomb", Duration.ofSeconds(60));
        System.out.printf("[fetch] gzip bomb (%,d bytes compressed): %s%n", bomb().length, e.errors().get(0));
        assertTrue(e.errors().get(0).startsWith("mirror " + base + "bomb/: a-idx1-ubyte.gz: "), e.errors().get(0));
        assertTrue(e.errors().get(0).contains("uncompressed data exceeds " + MnistFetcher.MAX_FILE_BYTES + " bytes"),
                e.errors().get(0));
    }
}
