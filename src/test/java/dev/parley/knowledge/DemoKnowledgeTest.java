package dev.parley.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.IntegrationTest;
import dev.parley.retrieval.HybridSearch;
import dev.parley.retrieval.Passage;
import dev.parley.TestWorkspaces;
import dev.parley.shared.TenantId;
import dev.parley.tenancy.DemoWorkspaceSeeded;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.context.SecurityContextHolder;

class DemoKnowledgeTest extends IntegrationTest {

    @Autowired TestWorkspaces workspaces;
    @Autowired KnowledgeService knowledge;
    @Autowired HybridSearch search;
    @Autowired DemoKnowledge demoKnowledge;
    @Autowired ApplicationEventPublisher events;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void demoSeedGivesTheBotParleysOwnDocsSoItAnswersAboutParley() {
        TenantId tenant = workspaces.newOwner().tenant();
        UUID bot = workspaces.newBot("Parley Helper").id();

        // The test runs in the checkout, like ./parley start: README.md and docs/ are right here.
        events.publishEvent(new DemoWorkspaceSeeded(tenant, bot));

        var titles = knowledge.list(bot).stream().map(KnowledgeDocument::title).toList();
        assertThat(titles).contains("README.md").anySatisfy(t -> assertThat(t).startsWith("docs/").endsWith(".md"));
        knowledge.list(bot).forEach(d -> awaitReady(d.id()));
        var best = search.search(bot, "How is tenant data isolated?", 3);
        assertThat(best).isNotEmpty();
        assertThat(best.getFirst().citation().title()).isEqualTo("docs/decisions/DD-002-tenant-isolation.md");
    }

    @Test
    void takesOnlyMarkdownUnderDocsAndSkipsAnotherProjectsReadme(@TempDir Path root) throws Exception {
        TenantId tenant = workspaces.newOwner().tenant();
        UUID bot = workspaces.newBot("Helper").id();
        Files.writeString(root.resolve("README.md"), "# Something else\nNot Parley.");
        assertThat(demoKnowledge.addParleyDocs(tenant, bot, root)).isZero();

        Files.writeString(root.resolve("README.md"), "# Parley\nA chatbot.");
        Files.createDirectories(root.resolve("docs/guides"));
        Files.writeString(root.resolve("docs/guides/install.md"), "# Install\nRun ./parley start.");
        Files.writeString(root.resolve("docs/notes.txt"), "not markdown");
        assertThat(demoKnowledge.addParleyDocs(tenant, bot, root)).isEqualTo(2);
        assertThat(knowledge.list(bot)).extracting(KnowledgeDocument::title)
                .containsExactlyInAnyOrder("README.md", "docs/guides/install.md");
    }

    void awaitReady(UUID id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            var doc = knowledge.find(id).orElseThrow();
            if (doc.status() == DocumentStatus.READY) return;
            assertThat(doc.status()).isNotEqualTo(DocumentStatus.FAILED);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("document " + id + " not ready in time");
    }
}
