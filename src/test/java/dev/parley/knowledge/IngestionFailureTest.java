package dev.parley.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/** Failures end FAILED with a reason after three attempts; Re-index retries; other documents are untouched. */
class IngestionFailureTest extends IntegrationTest {

    @Autowired TestWorkspaces workspaces;
    @Autowired KnowledgeService knowledge;
    @Autowired BlobStore blobs;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void transientFailureIsRetriedThreeTimesThenFailedAndReindexRecovers() throws Exception {
        workspaces.newOwner();
        UUID bot = workspaces.newBot("Helper").id();
        var healthy = knowledge.addText(bot, "Healthy", "Opening hours are nine to five on weekdays.");
        awaitFinished(healthy.id());

        var doc = knowledge.addText(bot, "Doomed", "This original will vanish before it is parsed.");
        String key = tx.execute(s -> jdbc.queryForObject("SELECT blob_key FROM documents WHERE id = ?", String.class, doc.id()));
        Path original = blobs.path(key);
        byte[] bytes = Files.readAllBytes(original);
        // Race the job: remove the original as soon as possible; if the job won, start over with re-index.
        Files.delete(original);
        if (awaitFinished(doc.id()).status() == DocumentStatus.READY) {
            knowledge.reindex(doc.id());
        }

        var failed = awaitFinished(doc.id());
        assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(failed.failureReason()).isEqualTo("The stored original could not be read.");
        int attempts = tx.execute(s -> jdbc.queryForObject("SELECT attempts FROM documents WHERE id = ?", Integer.class, doc.id()));
        assertThat(attempts).isEqualTo(3);
        assertThat(knowledge.find(healthy.id()).orElseThrow().status()).isEqualTo(DocumentStatus.READY);

        Files.write(original, bytes);
        knowledge.reindex(doc.id());
        var recovered = awaitFinished(doc.id());
        assertThat(recovered.status()).isEqualTo(DocumentStatus.READY);
        assertThat(recovered.failureReason()).isNull();
        assertThat(knowledge.chunks(doc.id())).hasSize(1);
    }

    @Test
    void permanentFailureIsNotRetried() {
        workspaces.newOwner();
        UUID bot = workspaces.newBot("Helper").id();
        var doc = knowledge.addText(bot, "Headings only", "# Title\n## Nothing under it");
        var failed = awaitFinished(doc.id());
        assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
        int attempts = tx.execute(s -> jdbc.queryForObject("SELECT attempts FROM documents WHERE id = ?", Integer.class, doc.id()));
        assertThat(attempts).isEqualTo(1);
    }

    KnowledgeDocument awaitFinished(UUID id) {
        return AwaitDocument.finished(knowledge, id);
    }
}
