package dev.parley.knowledge.parsing;

import dev.parley.knowledge.KnowledgeProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Parses files with Tika in a child JVM ({@link ParseWorker}), one per document: Tika has no
 * in-process timeout and a hostile file can exhaust any heap, so the work runs where it can be
 * killed (at the timeout) or die (out of memory) without touching the application. See DD-010.
 */
@Component
final class ForkedTikaParser implements DocumentParser {

    record Settings(ParseLimits limits, Duration timeout, long heapBytes) {}

    private static final Logger log = LoggerFactory.getLogger(ForkedTikaParser.class);
    private static final String LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private final Settings settings;
    private final List<String> javaAndClassPath;

    @Autowired
    ForkedTikaParser(KnowledgeProperties properties) {
        this(new Settings(new ParseLimits(properties.maxExtractedChars(), properties.maxEmbeddedDepth(),
                properties.maxEmbeddedCount()), properties.parseTimeout(), properties.parserHeap().toBytes()));
    }

    ForkedTikaParser(Settings settings) {
        this.settings = settings;
        this.javaAndClassPath = javaAndClassPath();
    }

    @Override
    public ParsedDocument parse(Path file, String fileName, String mimeType) throws ParseFailure {
        if (mimeType == null) throw new ParseFailure("The file type is not known.", true);
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("parley-parse-", ".bin");
            long started = System.nanoTime();
            process = new ProcessBuilder(command(file, mimeType, output)).redirectErrorStream(true).start();
            OutputTail tail = OutputTail.drain(process.getInputStream());
            if (!process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                log.warn("Parsing {} ({}) timed out after {}; worker killed", file.getFileName(), mimeType, settings.timeout());
                throw new ParseFailure("Reading the file took longer than " + seconds(settings.timeout())
                        + " seconds, so it was stopped.", false);
            }
            int exit = process.exitValue();
            log.debug("Parse worker for {} exited {} after {} ms", file.getFileName(), exit, (System.nanoTime() - started) / 1_000_000);
            return switch (exit) {
                case ParseWorker.EXIT_DONE -> read(output);
                case ParseWorker.EXIT_OUT_OF_MEMORY -> throw new ParseFailure("The file needs more memory to read than the "
                        + (settings.heapBytes() >> 20) + " MB the document reader may use.", true);
                default -> {
                    log.warn("Parse worker for {} ({}) exited with {}: {}", file.getFileName(), mimeType, exit, tail.text());
                    throw new ParseFailure("The document reader stopped unexpectedly.", false);
                }
            };
        } catch (IOException e) {
            log.warn("Parse worker for {} failed: {}", file.getFileName(), e.toString());
            throw new ParseFailure("The document reader could not be started.", false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParseFailure("Reading the file was interrupted.", false, e);
        } finally {
            if (process != null && process.isAlive()) process.destroyForcibly();
            if (output != null) deleteQuietly(output);
        }
    }

    private ParsedDocument read(Path output) throws IOException, ParseFailure {
        long bound = maxResultBytes(settings.limits().maxChars());
        if (Files.size(output) > bound) throw new ParseFailure("The extracted text is larger than allowed.", true);
        try (InputStream in = Files.newInputStream(output)) {
            return WorkerResult.read(new java.io.BufferedInputStream(in), bound);
        }
    }

    /** Text at up to 4 UTF-8 bytes a char, plus heading paths and anchors of the most sections there can be. */
    static long maxResultBytes(int maxChars) {
        long perSection = 8L * (8 + 4L * SectionHandler.MAX_HEADING_CHARS) + 32;
        return 4L * maxChars + SectionHandler.MAX_SECTIONS * perSection + 4096;
    }

    List<String> command(Path file, String mimeType, Path output) {
        List<String> command = new ArrayList<>();
        command.add(javaAndClassPath.getFirst());
        command.add("-Xmx" + Math.max(64, settings.heapBytes() >> 20) + "m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:+UseSerialGC"); // one small heap, short life: the cheapest collector to start
        command.add("-XX:TieredStopAtLevel=1"); // a few seconds of life: C2 compiles would mostly be wasted (half the CPU, measured)
        command.add("-XX:-UsePerfData");
        command.add("-Xshare:auto");
        command.add("-Djava.awt.headless=true");
        // No network, no external XML: Tika and the JDK parsers already refuse external entities;
        // these make the JDK's own XML parsers refuse them too, whatever a library configures.
        command.add("-Djava.net.useSystemProxies=false");
        command.add("-Djavax.xml.accessExternalDTD=");
        command.add("-Djavax.xml.accessExternalSchema=");
        command.add("-Djavax.xml.accessExternalStylesheet=");
        // PDFBox scans system fonts once and caches the result; keep that cache out of the home directory.
        command.add("-Dpdfbox.fontcache=" + Path.of(System.getProperty("java.io.tmpdir"), "parley-pdfbox").toAbsolutePath());
        command.addAll(javaAndClassPath.subList(1, javaAndClassPath.size()));
        ParseLimits limits = settings.limits();
        command.addAll(List.of(file.toAbsolutePath().toString(), mimeType, String.valueOf(limits.maxChars()),
                String.valueOf(limits.maxEmbeddedDepth()), String.valueOf(limits.maxEmbeddedCount()),
                output.toAbsolutePath().toString(), String.valueOf(settings.timeout().toMillis())));
        return command;
    }

    /**
     * The java binary, then the class path and main class. From the Spring Boot jar the classes
     * are nested jars only Boot's launcher can read, so the worker starts through that launcher.
     */
    static List<String> javaAndClassPath() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        var source = ParseWorker.class.getProtectionDomain().getCodeSource();
        // Boot's loader names classes in its jar "jar:nested:/…/parley.jar/!BOOT-INF/classes/!/".
        boolean bootJar = source != null && source.getLocation().toString().contains("nested:");
        if (bootJar) {
            String jar = Path.of(classPath).toAbsolutePath().toString();
            return List.of(java, "-cp", jar, "-Dloader.main=" + ParseWorker.class.getName(), LAUNCHER);
        }
        return List.of(java, "-cp", classPath, ParseWorker.class.getName());
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? String.valueOf(d.toSeconds()) : String.format(java.util.Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("Could not delete {}: {}", path, e.toString());
        }
    }

    /** Keeps the last few KB of the worker's output for the log; reading it also keeps the pipe from filling. */
    static final class OutputTail {
        private static final int KEEP = 8192;
        private final StringBuilder text = new StringBuilder();

        static OutputTail drain(InputStream in) {
            OutputTail tail = new OutputTail();
            Thread.ofVirtual().name("parse-worker-output").start(() -> {
                byte[] buffer = new byte[4096];
                try (in) {
                    for (int n; (n = in.read(buffer)) >= 0; ) tail.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the worker is gone
                }
            });
            return tail;
        }

        private synchronized void append(String s) {
            text.append(s);
            if (text.length() > 2 * KEEP) text.delete(0, text.length() - KEEP);
        }

        synchronized String text() {
            return text.length() > KEEP ? text.substring(text.length() - KEEP) : text.toString();
        }
    }
}
