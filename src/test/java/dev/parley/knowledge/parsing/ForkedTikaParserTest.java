package dev.parley.knowledge.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser on its own, without Spring: structure of each format, limits, and the child process. */
class ForkedTikaParserTest {

    static final String PDF = "application/pdf";
    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    @TempDir Path dir;

    final ForkedTikaParser parser = parser(Duration.ofSeconds(60), 5_000_000);

    static ForkedTikaParser parser(Duration timeout, int maxChars) {
        return new ForkedTikaParser(new ForkedTikaParser.Settings(new ParseLimits(maxChars, 2, 50), timeout, 384L << 20));
    }

    ParsedDocument parse(String name, byte[] bytes, String mime) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return parser.parse(file, name, mime);
    }

    @Test
    void docxHeadingsTitleAndTableRows() throws Exception {
        ParsedDocument doc = parse("a.docx", TestDocuments.docx(), DOCX);
        assertThat(doc.title()).isEqualTo("Staff handbook");
        assertThat(doc.sections()).extracting(Section::headingLabel).containsExactly("Holidays", "Holidays › Carry over");
        assertThat(doc.sections().get(1).text()).contains("Up to five unused days").contains("Grade | Days").contains("Senior | 30");
    }

    @Test
    void realPdfHasPagesAndHeadingPathsFromItsOutline() throws Exception {
        Path pdf = TestDocuments.realPdf(dir);
        ParsedDocument doc = parser.parse(pdf, "spec.pdf", PDF);
        assertThat(doc.sections()).allSatisfy(s -> assertThat(s.page()).isBetween(1, 17));
        assertThat(doc.sections().getLast().page()).isEqualTo(17);
        Section version = doc.sections().stream().filter(s -> s.text().startsWith("1.1. Version")).findFirst().orElseThrow();
        assertThat(version.headingPath()).containsExactly("1. Introduction", "1.1. Version");
        assertThat(version.page()).isEqualTo(1);
        assertThat(doc.sections()).anySatisfy(s -> assertThat(s.headingPath()).containsExactly("2. Unified system", "2.5. The magic files"));
    }

    @Test
    void otherFormatsKeepTheirStructure() throws Exception {
        ParsedDocument pptx = parse("a.pptx", TestDocuments.pptx(), "application/vnd.openxmlformats-officedocument.presentationml.presentation");
        assertThat(pptx.sections()).extracting(Section::page).containsExactly(1, 2);
        assertThat(pptx.sections().get(1).text()).contains("Returns are accepted within 30 days.");

        ParsedDocument xlsx = parse("a.xlsx", TestDocuments.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.sections()).singleElement().satisfies(s -> {
            assertThat(s.headingPath()).containsExactly("Prices");
            assertThat(s.text()).contains("Plan | Monthly price").contains("Team | 29 euros");
        });

        ParsedDocument odt = parse("a.odt", TestDocuments.odt(), "application/vnd.oasis.opendocument.text");
        assertThat(odt.sections()).extracting(Section::headingLabel).containsExactly("Travel", "Travel › Expenses");

        ParsedDocument epub = parse("a.epub", TestDocuments.epub(), "application/epub+zip");
        assertThat(epub.title()).isEqualTo("Field guide");
        assertThat(epub.sections()).extracting(Section::headingLabel, Section::anchor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Birds", "birds"), org.assertj.core.groups.Tuple.tuple("Birds › Owls", "owls"));

        ParsedDocument html = parse("a.html", TestDocuments.html(), "text/html");
        assertThat(html.title()).isEqualTo("Help centre");
        assertThat(html.sections()).extracting(Section::headingLabel, Section::anchor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Getting started", "start"),
                        org.assertj.core.groups.Tuple.tuple("Getting started › Refunds", "refunds"));
        assertThat(html.sections().get(1).text()).contains("Keep the receipt.").doesNotContain("tracking");
    }

    @Test
    void refusesContentOfAnotherType() throws Exception {
        Path exe = Files.copy(Path.of("/bin/true"), dir.resolve("invoice.pdf"));
        assertThatThrownBy(() -> parser.parse(exe, "invoice.pdf", PDF)).isInstanceOf(ParseFailure.class)
                .hasMessage("This file is not a PDF: its content is an executable program.")
                .matches(e -> ((ParseFailure) e).permanent());
        assertThatThrownBy(() -> parse("a.docx", TestDocuments.pptx(), DOCX))
                .hasMessageStartingWith("This file is not a Word document (.docx)");
    }

    @Test
    void capsTheTextAtTheLimit() throws Exception {
        ParsedDocument doc = parser(Duration.ofSeconds(60), 2_000).parse(TestDocuments.realPdf(dir), "spec.pdf", PDF);
        assertThat(doc.totalChars()).isBetween(1_000, 2_000);
    }

    @Test
    void killsTheWorkerAtTheTimeout() throws Exception {
        Path big = dir.resolve("valgrind.pdf");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("/usr/share/doc/valgrind/valgrind_manual.pdf.gz")))) {
            Files.copy(in, big);
        }
        long started = System.nanoTime();
        assertThatThrownBy(() -> parser(Duration.ofMillis(1500), 5_000_000).parse(big, "valgrind.pdf", PDF))
                .isInstanceOf(ParseFailure.class).hasMessage("Reading the file took longer than 1.5 seconds, so it was stopped.")
                .matches(e -> !((ParseFailure) e).permanent(), "transient: retried later");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(12));
        assertThat(workers()).isEmpty();
    }

    @Test
    void xfaFormsAreReadButTheirExternalEntitiesNeverFetched() throws Exception {
        // Control: XFA form content is extracted, so the hostile form below is really parsed.
        assertThat(parse("plain-form.pdf", TestDocuments.xfaPlainPdf(), PDF).sections())
                .anySatisfy(s -> assertThat(s.text()).contains("Ada Lovelace"));

        try (CanaryServer canary = new CanaryServer()) {
            Path secret = Files.writeString(dir.resolve("secret.txt"), "CANARY-SECRET-7d3f");
            ParsedDocument doc = parse("form.pdf", TestDocuments.xfaExternalEntityPdf(canary.url(), secret), PDF);
            String text = String.join("\n", doc.sections().stream().map(Section::text).toList());
            assertThat(text).contains("The visible text of the form.").doesNotContain("CANARY").doesNotContain("LEAKED");
            assertThat(canary.requests()).isZero();
        }
    }

    @Test
    void aWorkerOutOfMemoryFailsThatFileOnly() throws Exception {
        // Tika's HTML parser holds the whole page: 40 MB of it cannot fit a 64 MB heap.
        Path html = dir.resolve("big.html");
        try (var out = Files.newBufferedWriter(html)) {
            out.write("<html><body>");
            String paragraph = "<p>" + "All work and no play makes Jack a dull boy. ".repeat(20) + "</p>\n";
            for (int written = 0; written < 40 << 20; written += paragraph.length()) out.write(paragraph);
            out.write("</body></html>");
        }
        var small = new ForkedTikaParser(new ForkedTikaParser.Settings(new ParseLimits(5_000_000, 2, 50), Duration.ofSeconds(60), 64L << 20));
        assertThatThrownBy(() -> small.parse(html, "big.html", "text/html")).isInstanceOf(ParseFailure.class)
                .hasMessage("The file needs more memory to read than the 64 MB the document reader may use.")
                .matches(e -> ((ParseFailure) e).permanent());
        assertThat(parse("a.html", TestDocuments.html(), "text/html").sections()).hasSize(2); // the next file is fine
    }

    @Test
    void aWorkerStopsOnItsOwnWhenTheApplicationDies() throws Exception {
        Path pdf = TestDocuments.realPdf(dir);
        // The worker watches its stdin, which only the application holds: closing it is what the
        // operating system does when the application is killed.
        Process worker = new ProcessBuilder(parser.command(pdf, PDF, dir.resolve("out.bin"))).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        worker.getOutputStream().close();
        assertThat(worker.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).isEqualTo(ParseWorker.EXIT_ORPHANED);
    }

    static List<ProcessHandle> workers() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(ParseWorker.class.getName())).orElse(false))
                .toList();
    }
}
