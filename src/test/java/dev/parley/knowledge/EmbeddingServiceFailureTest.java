package dev.parley.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.knowledge.embedding.EmbeddingModels;
import dev.parley.knowledge.embedding.FakeOpenAi;
import dev.parley.knowledge.embedding.TestEmbedders;
import dev.parley.shared.TenantId;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A document indexed through an OpenAI-compatible service that fails: transient errors are
 * retried by the pipeline (three attempts), a refused key is not, and the document shows why.
 * The pipeline is built here around the fake service; the scheduler's retries are the calls.
 */
class EmbeddingServiceFailureTest extends IntegrationTest {

    static FakeOpenAi server;

    @Autowired TestWorkspaces workspaces;
    @Autowired KnowledgeService knowledge;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired ActiveModels activeModels;
    @Autowired KnowledgeProperties properties;
    @Autowired DocumentRepository documents;
    @Autowired BlobStore blobs;
    @Autowired ChunkStore chunkStore;
    @Autowired ApplicationEventPublisher events;
    @Autowired BotLanguages botLanguages;
    @Autowired MeterRegistry meters;

    @BeforeAll
    static void start() throws Exception {
        server = new FakeOpenAi();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void serverErrorsAreRetriedThreeTimesThenTheDocumentFailsWithTheReason() {
        var doc = indexedDocument();
        server.script(body -> FakeOpenAi.error(503, "overloaded", Map.of("retry-after-ms", "10")));
        IngestionPipeline pipeline = pipeline();
        var job = new IngestionJob(tenant, doc);

        for (int attempt = 1; attempt <= 2; attempt++) {
            var outcome = (IngestionPipeline.Outcome.Failed) pipeline.run(job);
            assertThat(outcome.retry()).isTrue();
            assertThat(knowledge.find(doc).orElseThrow().status()).isEqualTo(DocumentStatus.QUEUED);
            assertThat(knowledge.find(doc).orElseThrow().failureReason())
                    .isEqualTo("The embedding service failed (HTTP 503) after 1 retries (model text-embedding-3-small). Retrying.");
        }
        var last = (IngestionPipeline.Outcome.Failed) pipeline.run(job);
        assertThat(last.retry()).isFalse();
        var failed = knowledge.find(doc).orElseThrow();
        assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(failed.failureReason()).isEqualTo("The embedding service failed (HTTP 503) after 1 retries (model text-embedding-3-small).");
        assertThat(server.seen()).as("3 attempts x (1 + 1 SDK retry)").hasSize(6);
        assertThat(knowledge.chunks(doc)).as("the previous chunks stay until a run succeeds").hasSize(1);

        server.script(body -> FakeOpenAi.vectors(body, 384));
        assertThat(pipeline.run(job)).isInstanceOf(IngestionPipeline.Outcome.Done.class);
        assertThat(knowledge.find(doc).orElseThrow().status()).isEqualTo(DocumentStatus.READY);
    }

    @Test
    void aRefusedKeyFailsTheDocumentAtOnce() {
        var doc = indexedDocument();
        server.script(body -> FakeOpenAi.error(401, "Incorrect API key provided", Map.of()));
        var outcome = (IngestionPipeline.Outcome.Failed) pipeline().run(new IngestionJob(tenant, doc));
        assertThat(outcome.retry()).isFalse();
        var failed = knowledge.find(doc).orElseThrow();
        assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(failed.failureReason()).startsWith("The embedding service refused the API key (HTTP 401)");
        assertThat(server.seen()).hasSize(1);
    }

    @Test
    void malformedAnswersAreRetriedAndWrongWidthsAreNot() {
        var doc = indexedDocument();
        server.script(body -> FakeOpenAi.Reply.ok("not json"));
        var malformed = (IngestionPipeline.Outcome.Failed) pipeline().run(new IngestionJob(tenant, doc));
        assertThat(malformed.retry()).isTrue();
        assertThat(knowledge.find(doc).orElseThrow().failureReason()).contains("not valid embeddings JSON");

        server.script(body -> FakeOpenAi.vectors(body, 768));
        var narrow = (IngestionPipeline.Outcome.Failed) pipeline().run(new IngestionJob(tenant, doc));
        assertThat(narrow.retry()).isFalse();
        assertThat(knowledge.find(doc).orElseThrow().failureReason()).contains("returned 768 dimensions");
    }

    UUID tenant;

    /** A READY document (indexed by the context's local model), to be re-run through the fake service. */
    private UUID indexedDocument() {
        TenantId owner = workspaces.newOwner().tenant();
        tenant = owner.value();
        UUID bot = workspaces.newBot("Remote").id();
        var doc = knowledge.addText(bot, "Refunds", "Refunds are paid back to the original card within five working days.");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (knowledge.find(doc.id()).orElseThrow().status() != DocumentStatus.READY) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("not indexed");
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return doc.id();
    }

    private IngestionPipeline pipeline() {
        EmbeddingModels remote = EmbeddingModels.of(TestEmbedders.openAi(server.baseUrl(), "sk-test", 1));
        return new IngestionPipeline(documents, blobs, Optional.empty(), remote, activeModels, chunkStore, properties, tx, events,
                botLanguages, meters);
    }
}
