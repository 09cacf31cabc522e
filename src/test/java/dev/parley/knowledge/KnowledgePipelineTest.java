package dev.parley.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.IntegrationTest;
import dev.parley.retrieval.HybridSearch;
import dev.parley.retrieval.Passage;
import dev.parley.TestWorkspaces;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

class KnowledgePipelineTest extends IntegrationTest {

    @Autowired TestWorkspaces workspaces;
    @Autowired KnowledgeService knowledge;
    @Autowired HybridSearch search;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void pastedMarkdownBecomesSearchableChunksWithHeadings() {
        workspaces.newOwner();
        UUID bot = workspaces.newBot("Helper").id();
        var doc = knowledge.addText(bot, "Billing guide", """
                # Billing
                ## Refunds
                Refunds are paid back to the original card within five working days. Contact support to start one.
                ## Invoices
                Invoices are e-mailed on the first day of every month as PDF files.
                """);
        assertThat(doc.status()).isEqualTo(DocumentStatus.QUEUED);

        var ready = awaitFinished(doc.id());
        assertThat(ready.status()).isEqualTo(DocumentStatus.READY);
        assertThat(ready.chunkCount()).isEqualTo(2);
        assertThat(knowledge.chunks(doc.id())).extracting(KnowledgeChunk::headingPath)
                .containsExactly("Billing › Refunds", "Billing › Invoices");

        var matches = search.search(bot, "how long does a refund take?", 2);
        assertThat(matches.getFirst().citation().section()).isEqualTo("Billing › Refunds");
        assertThat(matches.getFirst().citation().title()).isEqualTo("Billing guide");
    }

    @Test
    void qaPairIsOneCuratedChunk() {
        workspaces.newOwner();
        UUID bot = workspaces.newBot("Helper").id();
        var doc = knowledge.addQa(bot, "Do you ship to Norway?", "Yes, within 3 days.");
        assertThat(awaitFinished(doc.id()).status()).isEqualTo(DocumentStatus.READY);
        assertThat(knowledge.chunks(doc.id())).singleElement().satisfies(c -> {
            assertThat(c.qa()).isTrue();
            assertThat(c.content()).isEqualTo("Q: Do you ship to Norway?\nA: Yes, within 3 days.");
        });
    }

    @Test
    void matchingQaPairRanksAheadOfOrdinaryPassages() {
        workspaces.newOwner();
        UUID bot = workspaces.newBot("Helper").id();
        var text = knowledge.addText(bot, "Shipping", "# Shipping to Norway\nDo you ship to Norway? We ship to Norway "
                + "and every other Nordic country. Orders to Norway ship within three days from Oslo.");
        var qa = knowledge.addQa(bot, "Do you ship to Norway?", "Yes, within 3 days.");
        awaitFinished(text.id());
        awaitFinished(qa.id());
        var matches = search.search(bot, "Do you ship to Norway?", 3);
        assertThat(matches.getFirst().curated()).isTrue();
        assertThat(matches).anyMatch(m -> !m.curated());
        assertThat(search.search(bot, "What are your office opening hours?", 3))
                .as("an unrelated question does not promote the pair").noneMatch(Passage::curated);
    }

    @Test
    void refusesUnsupportedEmptyOversizedAndDuplicateFilesBeforeStoringAnything() {
        workspaces.newOwner();
        UUID bot = workspaces.newBot("Helper").id();
        assertThatThrownBy(() -> knowledge.addFile(bot, "setup.exe", 10, stream("MZ"), false))
                .isInstanceOf(UploadRefused.class).hasMessageContaining("not a supported type").hasMessageContaining("PDF");
        assertThatThrownBy(() -> knowledge.addFile(bot, "empty.txt", 0, stream(""), false))
                .isInstanceOf(UploadRefused.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> knowledge.addFile(bot, "big.pdf", 51L * 1024 * 1024, stream("%PDF"), false))
                .isInstanceOf(UploadRefused.class).hasMessageContaining("larger than the limit of 50 MB");
        knowledge.addFile(bot, "notes.txt", 5, stream("hello world"), false);
        assertThatThrownBy(() -> knowledge.addFile(bot, "copy.txt", 5, stream("hello world"), false))
                .isInstanceOf(DuplicateDocument.class).hasMessageContaining("notes.txt");
        assertThat(knowledge.list(bot)).extracting(KnowledgeDocument::title).containsExactly("notes.txt");
        knowledge.addFile(bot, "copy.txt", 5, stream("hello world"), true);
        assertThat(knowledge.list(bot)).hasSize(2);
    }

    @Test
    void deleteRemovesDocumentAndChunks() {
        workspaces.newOwner();
        UUID bot = workspaces.newBot("Helper").id();
        var doc = knowledge.addText(bot, "Short", "Our office opens at nine in the morning.");
        awaitFinished(doc.id());
        knowledge.delete(doc.id());
        assertThat(knowledge.find(doc.id())).isEmpty();
        assertThat(knowledge.chunks(doc.id())).isEmpty();
    }

    @Test
    void identicalTextIsStoredOnceAndSurvivesTheDeletionOfItsHolder() {
        workspaces.newOwner();
        UUID bot = workspaces.newBot("Helper").id();
        String shared = "Support is open from nine to five on weekdays.";
        var first = knowledge.addText(bot, "First", "# Hours\n" + shared + "\n# Returns\nReturns are free for thirty days.");
        awaitFinished(first.id());
        var second = knowledge.addText(bot, "Second", "# Hours\n" + shared + "\n# Shipping\nShipping takes two days.");
        awaitFinished(second.id());
        assertThat(knowledge.chunks(second.id())).extracting(KnowledgeChunk::content).noneMatch(c -> c.contains("nine to five"));

        knowledge.delete(first.id());
        assertThat(knowledge.find(second.id()).orElseThrow().status()).as("re-queued by the delete").isEqualTo(DocumentStatus.QUEUED);
        var again = awaitFinished(second.id());
        assertThat(again.status()).isEqualTo(DocumentStatus.READY);
        assertThat(knowledge.chunks(second.id())).extracting(KnowledgeChunk::content).anyMatch(c -> c.contains("nine to five"));
    }

    KnowledgeDocument awaitFinished(UUID id) {
        return AwaitDocument.finished(knowledge, id);
    }

    static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
