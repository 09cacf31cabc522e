package dev.parley.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.knowledge.embedding.EmbeddingModels;
import dev.parley.knowledge.embedding.TestEmbedders;
import dev.parley.retrieval.BotChanges;
import dev.parley.retrieval.HybridSearch;
import dev.parley.retrieval.RetrievalProperties;
import dev.parley.retrieval.TestSearches;
import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Switching a bot from model A (the context's local model) to B (a deterministic test model):
 * search keeps using A until every chunk has a B vector, then all of it moves to B at once.
 * Components are built here with B as the configured model, the shared context keeps A.
 */
class ModelSwitchTest extends IntegrationTest {

    @Autowired TestWorkspaces workspaces;
    @Autowired KnowledgeService knowledge;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired PlatformTransactionManager transactions;
    @Autowired EmbeddingModels contextModels;
    @Autowired ActiveModels activeModels;
    @Autowired KnowledgeProperties properties;
    @Autowired ModelSwitchStarter starter;
    @Autowired DocumentRepository documents;
    @Autowired BlobStore blobs;
    @Autowired ChunkStore chunkStore;
    @Autowired ApplicationEventPublisher events;
    @Autowired BotLanguages botLanguages;
    @Autowired MeterRegistry meters;
    @Autowired BotChanges botChanges;
    @Autowired RetrievalProperties retrievalProperties;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void searchUsesTheOldVectorsUntilTheNewSetIsCompleteThenSwapsAtOnce() {
        TenantId tenant = workspaces.newOwner().tenant();
        UUID bot = workspaces.newBot("Switcher").id();
        var refunds = knowledge.addText(bot, "Refunds", "# Refunds\nRefunds are paid back to the original card within five working days.");
        var shipping = knowledge.addText(bot, "Shipping", "# Shipping\nParcels to Norway arrive within three days by courier.");
        var hours = knowledge.addText(bot, "Hours", "# Hours\nSupport answers the phone from nine to five on weekdays.");
        List.of(refunds, shipping, hours).forEach(d -> awaitReady(d.id()));
        String a = contextModels.current().model();
        assertThat(models(bot)).containsOnlyKeys(a);
        assertThat(active(bot)).isEqualTo(a);

        var modelA = new TestEmbedders.Counting(contextModels.current());
        var modelB = new TestEmbedders.Hashing("test-model-b");
        EmbeddingModels switched = EmbeddingModels.of(modelB, modelA);
        ModelSwitch modelSwitch = new ModelSwitch(jdbc, tx, switched, properties);
        HybridSearch search = searchWith(switched);
        ModelSwitchJob job = new ModelSwitchJob(tenant.value(), bot);

        // Part of the way: one chunk has its B vector.
        assertThat(modelSwitch.swap(job)).isFalse();
        List<UUID> pending = modelSwitch.pending(job, 100);
        assertThat(pending).hasSize(3);
        assertThat(modelSwitch.embed(job, pending.subList(0, 1))).isEqualTo(1);
        assertThat(modelSwitch.swap(job)).as("two chunks still lack B").isFalse();

        var midway = search.search(bot, "how long until my refund is paid back?", 3);
        assertThat(midway).isNotEmpty();
        assertThat(midway.getFirst().citation().title()).isEqualTo("Refunds");
        assertThat(modelA.calls.get()).as("question embedded with A").isEqualTo(1);
        assertThat(modelB.calls.get()).as("B only embedded the one chunk").isEqualTo(1);
        assertThat(models(bot)).containsOnlyKeys(a);

        // A document added mid-switch, by a node that still has A: stored with A, searchable at once.
        var added = knowledge.addText(bot, "Returns", "# Returns\nReturns are free within thirty days of delivery.");
        awaitReady(added.id());
        assertThat(search.search(bot, "are returns free?", 1).getFirst().citation().title()).isEqualTo("Returns");
        assertThat(modelSwitch.pending(job, 100)).hasSize(3).contains(chunkIds(added.id()).getFirst());

        int steps = 1;
        while (!modelSwitch.step(job, 2)) steps++; // as the scheduler runs it: 2 chunks, then the last one and the swap
        assertThat(steps).isEqualTo(2);

        assertThat(active(bot)).isEqualTo("test-model-b");
        assertThat(models(bot)).containsExactly(Map.entry("test-model-b", 4L));
        assertThat(nextColumnsLeft(tenant, bot)).isZero();
        int before = modelB.calls.get();
        var after = search.search(bot, "how long until my refund is paid back?", 3);
        assertThat(modelB.calls.get()).as("question embedded with B").isEqualTo(before + 1);
        assertThat(after.getFirst().citation().title()).isEqualTo("Refunds");
        assertThat(search.search(bot, "are returns free within thirty days?", 1).getFirst().citation().title()).isEqualTo("Returns");
        assertThat(modelSwitch.swap(job)).as("nothing left to do").isTrue();
    }

    @Test
    void aNodeWithoutTheOldModelStoresNewDocumentsInTheSideColumnAndTheSwitchKeepsThem() {
        TenantId tenant = workspaces.newOwner().tenant();
        UUID bot = workspaces.newBot("Switcher").id();
        var first = knowledge.addText(bot, "Refunds", "Refunds are paid back to the original card within five working days.");
        awaitReady(first.id());
        var later = knowledge.addText(bot, "Shipping", "Parcels to Norway arrive within three days by courier.");
        awaitReady(later.id());

        var modelB = new TestEmbedders.Hashing("test-model-b");
        EmbeddingModels onlyB = EmbeddingModels.of(modelB);
        IngestionPipeline pipeline = new IngestionPipeline(documents, blobs, Optional.empty(), onlyB, activeModels, chunkStore,
                properties, tx, events, botLanguages, meters);
        assertThat(pipeline.run(new IngestionJob(tenant.value(), later.id()))).isInstanceOf(IngestionPipeline.Outcome.Done.class);
        Map<String, Object> stored = TenantContext.callAs(tenant, null, () -> tx.execute(s -> jdbc.queryForMap(
                "SELECT embedding IS NULL AS no_old, embedding_model, next_embedding_model FROM chunks WHERE document_id = ?", later.id())));
        assertThat(stored).containsEntry("no_old", true).containsEntry("next_embedding_model", "test-model-b");

        ModelSwitch modelSwitch = new ModelSwitch(jdbc, tx, onlyB, properties);
        ModelSwitchJob job = new ModelSwitchJob(tenant.value(), bot);
        assertThat(modelSwitch.pending(job, 100)).as("only the first document's chunk").hasSize(1);
        modelSwitch.run(job);
        assertThat(models(bot)).containsExactly(Map.entry("test-model-b", 2L));
        var search = searchWith(onlyB);
        assertThat(search.search(bot, "parcels to Norway", 1).getFirst().citation().title()).isEqualTo("Shipping");
    }

    @Test
    void startupSchedulesADurableSwitchForBotsOnAnotherModel() {
        TenantId tenant = workspaces.newOwner().tenant();
        UUID bot = workspaces.newBot("Retired").id();
        var doc = knowledge.addText(bot, "Refunds", "Refunds are paid back to the original card within five working days.");
        awaitReady(doc.id());
        // As if indexed by a model this node no longer runs.
        TenantContext.runAs(tenant, null, () -> tx.executeWithoutResult(s -> {
            jdbc.update("UPDATE chunks SET embedding_model = 'retired-model' WHERE bot_id = ?", bot);
            jdbc.update("UPDATE bots SET active_embedding_model = 'retired-model' WHERE id = ?", bot);
        }));

        starter.scheduleSwitches();

        String current = contextModels.current().model();
        await(() -> current.equals(active(bot)));
        assertThat(models(bot)).containsExactly(Map.entry(current, 1L));
        assertThat(nextColumnsLeft(tenant, bot)).isZero();
    }

    private List<UUID> chunkIds(UUID documentId) {
        return tx.execute(s -> jdbc.queryForList("SELECT id FROM chunks WHERE document_id = ?", UUID.class, documentId));
    }

    /** Chunk count per model in the searchable column. */
    private Map<String, Long> models(UUID bot) {
        return tx.execute(s -> jdbc.query("SELECT embedding_model, count(*) FROM chunks WHERE bot_id = ? GROUP BY 1",
                rs -> {
                    Map<String, Long> out = new java.util.TreeMap<>();
                    while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
                    return out;
                }, bot));
    }

    private String active(UUID bot) {
        return tx.execute(s -> activeModels.of(bot));
    }

    private long nextColumnsLeft(TenantId tenant, UUID bot) {
        return TenantContext.callAs(tenant, null, () -> tx.execute(s -> jdbc.queryForObject(
                "SELECT count(*) FROM chunks WHERE bot_id = ? AND (next_embedding IS NOT NULL OR next_embedding_model IS NOT NULL)",
                Long.class, bot)));
    }

    private void awaitReady(UUID id) {
        await(() -> knowledge.find(id).orElseThrow().status() == DocumentStatus.READY);
    }

    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("timed out");
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private HybridSearch searchWith(EmbeddingModels models) {
        var embeddings = new QueryEmbeddings(models, activeModels, botLanguages, transactions);
        return TestSearches.over(embeddings, jdbc, botChanges, retrievalProperties, transactions);
    }
}
