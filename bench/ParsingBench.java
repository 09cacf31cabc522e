package dev.parley.knowledge.parsing;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.multipdf.PDFMergerUtility;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;

/**
 * Parse + chunk throughput of the product path (ForkedTikaParser: a child JVM per document, then
 * Chunker) against raw in-process Tika (AutoDetectParser + BodyContentHandler, warmed up) on the
 * same real PDFs in the same run; the fixed cost of one child; and memory for a ~50 MB PDF: this
 * JVM (the application's side, run with -Xmx512m) and the child, by RSS high-water mark.
 *
 * <p>Lives in the parser's package so it can use the package-private parser; run it with
 * bench/parsing.sh, which starts it from the Spring Boot jar exactly as the application runs.
 */
public class ParsingBench {

    static final String PDF = "application/pdf";

    public static void main(String[] args) throws Exception {
        if (args[0].equals("make-big")) { // run with a large heap, before the measurement
            Path big = bigPdf(plain(Path.of(args[1]), Path.of(args[2]).getParent()), Path.of(args[2]), Long.parseLong(args[3]) << 20);
            System.out.printf("made %s: %.1f MB, %d pages%n", big, Files.size(big) / 1e6, pages(big));
            return;
        }
        ForkedTikaParser forked = new ForkedTikaParser(new ForkedTikaParser.Settings(new ParseLimits(5_000_000, 2, 50),
                Duration.ofSeconds(300), 384L << 20));
        Chunker chunker = new Chunker(1000, 150);
        if (args[0].equals("memory")) { // a fresh JVM that does only what the application does: fork, read, chunk
            memory(forked, chunker, Path.of(args[1]));
            return;
        }
        int rounds = Integer.parseInt(args[0]);
        Path work = Path.of(args[1]);
        List<Path> pdfs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) pdfs.add(plain(Path.of(args[i]), work));
        System.out.println("worker launch: " + String.join(" ", ForkedTikaParser.javaAndClassPath()).replaceAll("-cp \\S{80,}", "-cp <class path>"));
        System.out.printf("rounds=%d, this JVM -Xmx%d MB, %d cores%n%n", rounds, Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());

        Path tiny = Files.writeString(work.resolve("tiny.html"), "<html><body><h1>Hi</h1><p>One line.</p></body></html>");
        double[] tinyForked = new double[rounds];
        double[] tinyRaw = new double[rounds];
        rawTika(tiny);
        for (int r = 0; r < rounds; r++) {
            tinyForked[r] = seconds(() -> forked.parse(tiny, "tiny.html", "text/html"));
            tinyRaw[r] = seconds(() -> rawTika(tiny));
        }
        System.out.printf("fixed cost, tiny HTML: forked median %.0f ms, in-process %.1f ms%n%n", median(tinyForked) * 1000, median(tinyRaw) * 1000);

        System.out.println("| file | pages | MB | in-process Tika s | pages/s | forked parse+chunk s | pages/s | forked/in-process time | chunks |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        double rawTotal = 0, forkedTotal = 0;
        int pageTotal = 0;
        for (Path pdf : pdfs) {
            int pages = pages(pdf);
            rawTika(pdf); // warm-up: JIT and Tika's own initialisation, which the baseline is spared
            double[] raw = new double[rounds];
            double[] product = new double[rounds];
            int[] chunks = new int[1];
            for (int r = 0; r < rounds; r++) {
                raw[r] = seconds(() -> rawTika(pdf));
                product[r] = seconds(() -> chunks[0] = chunker.chunk(forked.parse(pdf, pdf.getFileName().toString(), PDF).sections(), Locale.ENGLISH).size());
            }
            double a = median(raw), b = median(product);
            rawTotal += a;
            forkedTotal += b;
            pageTotal += pages;
            System.out.printf("| %s | %d | %.2f | %.3f | %.0f | %.3f | %.0f | %.2fx | %d |%n", pdf.getFileName(), pages, Files.size(pdf) / 1e6,
                    a, pages / a, b, pages / b, b / a, chunks[0]);
        }
        System.out.printf("| all | %d | | %.3f | %.0f | %.3f | %.0f | %.2fx | |%n%n", pageTotal, rawTotal, pageTotal / rawTotal, forkedTotal,
                pageTotal / forkedTotal, forkedTotal / rawTotal);
    }

    static void memory(ForkedTikaParser forked, Chunker chunker, Path big) throws Exception {
        System.out.printf("memory: %s, %.1f MB%n", big.getFileName(), Files.size(big) / 1e6);
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
        long rssBefore = status("self", "VmRSS");
        AtomicLong childPeak = new AtomicLong();
        Thread watcher = Thread.ofPlatform().daemon().start(() -> watchChildren(childPeak));
        long started = System.nanoTime();
        ParsedDocument doc = forked.parse(big, "big.pdf", PDF);
        int chunkCount = chunker.chunk(doc.sections(), Locale.ENGLISH).size();
        double took = (System.nanoTime() - started) / 1e9;
        watcher.interrupt();
        long heapPeak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf("  forked parse+chunk %.1f s, %d chars, %d sections, %d chunks%n", took, doc.totalChars(), doc.sections().size(), chunkCount);
        System.out.printf("  application JVM: heap peak %d MB (max %d MB), RSS before %d MB, RSS high-water %d MB%n", heapPeak >> 20,
                Runtime.getRuntime().maxMemory() >> 20, rssBefore >> 10, status("self", "VmHWM") >> 10);
        System.out.printf("  worker JVM (-Xmx384m): RSS high-water %d MB%n", childPeak.get() >> 10);
        System.out.printf("  (the PDF has %d pages; the text limit stops the parse at 5,000,000 chars)%n", pages(big));
    }

    interface Work {
        void run() throws Exception;
    }

    static double seconds(Work work) throws Exception {
        long t = System.nanoTime();
        work.run();
        return (System.nanoTime() - t) / 1e9;
    }

    static void rawTika(Path file) throws Exception {
        try (InputStream in = TikaInputStream.get(file)) {
            new AutoDetectParser().parse(in, new BodyContentHandler(-1), new Metadata(), new ParseContext());
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    static int pages(Path pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            return doc.getNumberOfPages();
        }
    }

    /** Debian ships some manuals gzipped. */
    static Path plain(Path file, Path work) throws IOException {
        if (!file.toString().endsWith(".gz")) return file;
        Path target = work.resolve(file.getFileName().toString().replaceFirst("\\.gz$", ""));
        if (!Files.exists(target)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                Files.copy(in, target);
            }
        }
        return target;
    }

    /** Appends copies of a real PDF (each copy brings its own fonts and images) until the file is large enough. */
    static Path bigPdf(Path source, Path target, long bytes) throws IOException {
        long copies = bytes / Files.size(source) + 1;
        for (int attempt = 0; attempt < 3 && (!Files.exists(target) || Files.size(target) < bytes); attempt++) {
            try (PDDocument out = new PDDocument()) {
                PDFMergerUtility merger = new PDFMergerUtility();
                for (int i = 0; i < copies; i++) {
                    try (PDDocument copy = Loader.loadPDF(source.toFile())) {
                        merger.appendDocument(out, copy);
                    }
                }
                out.save(target.toFile());
            }
            copies = copies * bytes / Files.size(target) + 1; // copies share little, so size grows about linearly
        }
        return target;
    }

    static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    static void watchChildren(AtomicLong peak) {
        while (!Thread.currentThread().isInterrupted()) {
            ProcessHandle.current().descendants().forEach(p -> peak.accumulateAndGet(status(String.valueOf(p.pid()), "VmHWM"), Math::max));
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A kB figure from /proc/PID/status, 0 when the process is gone. */
    static long status(String pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (IOException | RuntimeException e) {
            // exited between listing and reading
        }
        return 0;
    }
}
