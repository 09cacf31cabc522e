package dev.parley.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.knowledge.parsing.TestDocuments;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Files through the whole pipeline (upload, forked Tika parse, chunks): every accepted format
 * keeps its structure, and every hostile or broken file fails on its own with a reason a user
 * understands, while the bot's other documents stay READY and the application keeps working.
 */
class KnowledgeParsingTest extends IntegrationTest {

    @Autowired TestWorkspaces workspaces;
    @Autowired KnowledgeService knowledge;
    @Autowired DocumentRepository documents;
    @Autowired TransactionTemplate tx;
    @Autowired KnowledgeProperties properties;

    @TempDir Path dir;
    UUID bot;
    KnowledgeDocument neighbour;
    List<KnowledgeChunk> neighbourChunks;

    @BeforeEach
    void botWithOneReadyDocument() {
        workspaces.newOwner();
        bot = workspaces.newBot("Helper").id();
        neighbour = knowledge.addText(bot, "Opening hours", "The office opens at nine and closes at five on weekdays.");
        assertThat(awaitFinished(neighbour.id()).status()).isEqualTo(DocumentStatus.READY);
        neighbourChunks = knowledge.chunks(neighbour.id());
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    // ---- well-formed files

    @Test
    void realPdfGetsPageNumbersAndHeadingPathsFromItsOutline() throws IOException {
        var doc = finished(upload("spec.pdf", Files.readAllBytes(TestDocuments.DEBIAN_PDF)));
        assertThat(doc.status()).isEqualTo(DocumentStatus.READY);
        List<KnowledgeChunk> chunks = knowledge.chunks(doc.id());
        assertThat(chunks).allSatisfy(c -> assertThat(c.page()).isBetween(1, 17));
        assertThat(chunks).extracting(KnowledgeChunk::page).contains(1, 17);
        assertThat(chunks).anySatisfy(c -> {
            assertThat(c.headingPath()).isEqualTo("1. Introduction › 1.1. Version");
            assertThat(c.page()).isEqualTo(1);
            assertThat(c.content()).contains("This is version 0.21 of the Shared MIME-info Database specification");
        });
        assertThat(chunks).anySatisfy(c -> assertThat(c.headingPath()).isEqualTo("2. Unified system › 2.5. The magic files"));
    }

    @Test
    void officeEpubAndHtmlKeepHeadingsPagesAndAnchors() {
        assertThat(chunksOf("handbook.docx", TestDocuments.docx())).extracting(KnowledgeChunk::headingPath)
                .containsExactly("Holidays", "Holidays › Carry over");
        assertThat(chunksOf("shop.pptx", TestDocuments.pptx())).extracting(KnowledgeChunk::page).containsExactly(1, 2);
        assertThat(chunksOf("prices.xlsx", TestDocuments.xlsx())).singleElement().satisfies(c -> {
            assertThat(c.headingPath()).isEqualTo("Prices");
            assertThat(c.content()).contains("Team | 29 euros");
        });
        assertThat(chunksOf("travel.odt", TestDocuments.odt())).extracting(KnowledgeChunk::headingPath)
                .containsExactly("Travel", "Travel › Expenses");
        assertThat(chunksOf("guide.epub", TestDocuments.epub())).extracting(KnowledgeChunk::headingPath, KnowledgeChunk::anchor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Birds", "birds"), org.assertj.core.groups.Tuple.tuple("Birds › Owls", "owls"));
        assertThat(chunksOf("help.html", TestDocuments.html())).extracting(KnowledgeChunk::headingPath, KnowledgeChunk::anchor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Getting started", "start"),
                        org.assertj.core.groups.Tuple.tuple("Getting started › Refunds", "refunds"));
    }

    @Test
    void textInLegacyEncodingsKeepsItsAccents() {
        byte[] txt = "Grüße aus München: café crème für alle.".getBytes(Charset.forName("windows-1252"));
        assertThat(chunksOf("greeting.txt", txt)).singleElement().extracting(KnowledgeChunk::content)
                .isEqualTo("Grüße aus München: café crème für alle.");
        byte[] csv = "Name;Stadt\nJürgen Müller;Köln\nRenée Dupré;Zürich\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(chunksOf("people.csv", csv)).singleElement().extracting(KnowledgeChunk::content).asString()
                .contains("Jürgen Müller").contains("Köln").contains("Renée Dupré").contains("Zürich");
    }

    @Test
    void tenMegabyteSingleLineTextIsCappedAndChunkedInBoundedTime() {
        byte[] line = "The quick brown fox jumps over the lazy dog. ".repeat(10 * 1024 * 1024 / 45).getBytes(StandardCharsets.UTF_8);
        Instant started = Instant.now();
        var doc = finished(upload("one-line.txt", line));
        assertThat(doc.status()).isEqualTo(DocumentStatus.READY);
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(60));
        int parsed = tx.execute(s -> documents.findById(doc.id()).orElseThrow().parsedChars);
        assertThat(parsed).isBetween(properties.maxExtractedChars() - 100, properties.maxExtractedChars());
        assertThat(knowledge.chunks(doc.id())).isNotEmpty().allSatisfy(c -> assertThat(c.content().length()).isLessThanOrEqualTo(1200));
    }

    // ---- hostile or broken files: each fails alone, with its reason

    @Test
    void corruptPdf() {
        failsAlone("report.pdf", TestDocuments.corruptPdf(), "The file could not be read: it seems damaged or is not a valid PDF.");
    }

    @Test
    void encryptedPdf() throws IOException {
        failsAlone("secret.pdf", TestDocuments.encryptedPdf(), "The file is password-protected. Remove the password and upload it again.");
    }

    @Test
    void imageOnlyPdf() throws IOException {
        failsAlone("scan.pdf", TestDocuments.imageOnlyPdf(), "The PDF has no extractable text");
    }

    @Test
    void executableRenamedToPdf() throws IOException {
        failsAlone("invoice.pdf", Files.readAllBytes(Path.of("/bin/true")), "This file is not a PDF: its content is an executable program.");
    }

    @Test
    void zipBombs() {
        byte[] bomb = TestDocuments.nestedZipBomb(1, 1, 20); // 20 MB of one letter in 20 KB
        assertThatThrownBy(() -> upload("bomb.zip", bomb)).isInstanceOf(UploadRefused.class).hasMessageContaining("not a supported type");
        String reason = "The file expands to far more data than its size (a possible compression bomb), so it was not read.";
        failsAlone("bomb.docx", TestDocuments.docx(docxText("Hello"), Map.of("bomb.zip", bomb)), reason);
        failsAlone("bomb.epub", TestDocuments.epubWith("bomb.zip", bomb), reason);

        // 42.zip-style nesting (8^4 x 10 MB): levels below the embedded depth limit are never opened.
        byte[] nested = TestDocuments.nestedZipBomb(4, 8, 10);
        var doc = finished(upload("nested.docx", TestDocuments.docx(docxText("Only this sentence is text."), Map.of("bomb.zip", nested))));
        assertThat(doc.status()).isEqualTo(DocumentStatus.READY);
        assertThat(knowledge.chunks(doc.id())).singleElement().extracting(KnowledgeChunk::content).isEqualTo("Only this sentence is text.");
    }

    @Test
    void docxWhoseDocumentXmlInflatesToAGigabyteFailsQuickly() throws IOException {
        Path huge = dir.resolve("huge.docx");
        TestDocuments.hugeDocumentXmlDocx(huge, 1024);
        assertThat(Files.size(huge)).isLessThan(8L << 20);
        Instant started = Instant.now();
        failsAlone("huge.docx", Files.readAllBytes(huge), "a possible compression bomb");
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void xmlEntityExpansion() {
        String reason = "The file contains XML declarations Parley does not read (DOCTYPE or entities), so it was not read.";
        failsAlone("laughs.docx", TestDocuments.entityExpansionDocx(), reason);
        failsAlone("laughs.epub", TestDocuments.entityExpansionEpub(), reason);
    }

    @Test
    void pdfWithExternalEntitiesInItsXfaFormFetchesNothingAndLeaksNothing() throws Exception {
        try (var canary = new dev.parley.knowledge.parsing.CanaryServer()) {
            Path secret = Files.writeString(dir.resolve("secret.txt"), "CANARY-SECRET-7d3f");
            var doc = finished(upload("form.pdf", TestDocuments.xfaExternalEntityPdf(canary.url(), secret)));
            assertThat(doc.status()).isEqualTo(DocumentStatus.READY);
            assertThat(knowledge.chunks(doc.id())).singleElement().extracting(KnowledgeChunk::content).isEqualTo("The visible text of the form.");
            assertThat(canary.requests()).isZero();
        }
        neighbourUntouched();
    }

    // ---- helpers

    static String docxText(String text) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                + "<w:body><w:p><w:r><w:t>" + text + "</w:t></w:r></w:p></w:body></w:document>";
    }

    void failsAlone(String name, byte[] bytes, String reason) {
        var doc = finished(upload(name, bytes));
        assertThat(doc.status()).as(name).isEqualTo(DocumentStatus.FAILED);
        assertThat(doc.failureReason()).as(name).contains(reason);
        assertThat(knowledge.chunks(doc.id())).isEmpty();
        neighbourUntouched();
    }

    void neighbourUntouched() {
        assertThat(knowledge.find(neighbour.id()).orElseThrow().status()).isEqualTo(DocumentStatus.READY);
        assertThat(knowledge.chunks(neighbour.id())).isEqualTo(neighbourChunks);
    }

    List<KnowledgeChunk> chunksOf(String name, byte[] bytes) {
        var doc = finished(upload(name, bytes));
        assertThat(doc.status()).as(name + ": " + doc.failureReason()).isEqualTo(DocumentStatus.READY);
        return knowledge.chunks(doc.id());
    }

    KnowledgeDocument upload(String name, byte[] bytes) {
        InputStream in = new ByteArrayInputStream(bytes);
        return knowledge.addFile(bot, name, bytes.length, in, true);
    }

    KnowledgeDocument finished(KnowledgeDocument doc) {
        return awaitFinished(doc.id());
    }

    KnowledgeDocument awaitFinished(UUID id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            var doc = knowledge.find(id).orElseThrow();
            if (!doc.status().inProgress()) return doc;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("document " + id + " did not finish in time");
    }
}
