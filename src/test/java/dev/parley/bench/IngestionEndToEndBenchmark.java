package dev.parley.bench;

import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.knowledge.AwaitDocument;
import dev.parley.knowledge.DocumentStatus;
import dev.parley.knowledge.KnowledgeDocument;
import dev.parley.knowledge.KnowledgeService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * End to end: Debian's documentation PDFs (written by nobody here) from upload to READY through the
 * real pipeline (forked parsing, chunking, local embeddings, storage), with the share of each stage.
 * Not part of the test suite (its name does not end in Test): run it with bench/ingest-e2e.sh.
 */
class IngestionEndToEndBenchmark extends IntegrationTest {

    static final List<String> PDFS = List.of("/usr/share/doc/valgrind/valgrind_manual.pdf.gz",
            "/usr/share/doc/nettle-dev/nettle.pdf.gz", "/usr/share/doc/bzip2/manual.pdf.gz",
            "/usr/share/doc/libtasn1-doc/libtasn1.pdf", "/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf",
            "/usr/share/doc/fontconfig/fontconfig-user.pdf.gz", "/usr/share/doc/zlib1g-dev/crc-doc.1.0.pdf.gz");

    @Autowired TestWorkspaces workspaces;
    @Autowired KnowledgeService knowledge;
    @Autowired MeterRegistry meters;

    @Test
    void uploadToReady() throws Exception {
        workspaces.newOwner();
        UUID bot = workspaces.newBot("Bench").id();
        double parseBefore = total("parley.ingestion.parse");
        double embedBefore = total("parley.ingestion.embed");

        int pages = 0;
        List<KnowledgeDocument> docs = new ArrayList<>();
        long start = System.nanoTime();
        for (String name : PDFS) {
            Path pdf = readable(Path.of(name));
            if (pdf == null) continue;
            try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
                pages += d.getNumberOfPages();
            }
            try (InputStream in = Files.newInputStream(pdf)) {
                docs.add(knowledge.addFile(bot, pdf.getFileName().toString(), Files.size(pdf), in, true));
            }
        }
        double uploadSeconds = (System.nanoTime() - start) / 1e9;
        int chunks = 0;
        for (KnowledgeDocument doc : docs) {
            KnowledgeDocument done = AwaitDocument.finished(knowledge, doc.id(), Duration.ofMinutes(30));
            if (done.status() != DocumentStatus.READY) throw new AssertionError(done.title() + ": " + done.failureReason());
            chunks += done.chunkCount();
        }
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        double parse = total("parley.ingestion.parse") - parseBefore;
        double embed = total("parley.ingestion.embed") - embedBefore;
        System.out.printf("%nE2E documents=%d pages=%d chunks=%d total=%.1fs upload=%.1fs%n", docs.size(), pages, chunks,
                totalSeconds, uploadSeconds);
        System.out.printf("E2E stage seconds (summed over jobs): parse=%.1f embed=%.1f%n", parse, embed);
        System.out.printf("E2E per 1000 pages: %.1f min; pages/s %.1f; chunks/s %.1f%n",
                totalSeconds / pages * 1000 / 60, pages / totalSeconds, chunks / totalSeconds);
    }

    private double total(String timer) {
        Timer t = meters.find(timer).timer();
        return t == null ? 0 : t.totalTime(TimeUnit.SECONDS);
    }

    /** Gunzips Debian's .pdf.gz into a temporary file; null when the package is not installed. */
    private static Path readable(Path file) throws Exception {
        if (!Files.exists(file)) return null;
        if (!file.toString().endsWith(".gz")) return file;
        Path out = Files.createTempDirectory("bench-pdf").resolve(file.getFileName().toString().replace(".gz", ""));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            Files.copy(in, out);
        }
        return out;
    }
}
