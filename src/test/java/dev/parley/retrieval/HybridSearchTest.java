package dev.parley.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.knowledge.AwaitDocument;
import dev.parley.knowledge.KnowledgeChunk;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.platform.OwnerDatabase;
import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

class HybridSearchTest extends IntegrationTest {

    @Autowired TestWorkspaces workspaces;
    @Autowired KnowledgeService knowledge;
    @Autowired HybridSearch search;
    @Autowired BotIndexes botIndexes;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired ApplicationContext context;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private static final List<String> TOPICS = List.of(
            "Refunds are paid back to the original card within five working days.",
            "Parcels to Norway arrive within three days by courier.",
            "Our support desk answers e-mail on weekdays between nine and five.",
            "Gift cards never expire and can be used online and in every shop.",
            "The warranty covers manufacturing faults for two years after delivery.");

    @Test
    void aTenantAskingWithAnotherTenantsExactTextGetsOnlyItsOwnPassagesAndStillAllOfThem() {
        workspaces.newOwner();
        UUID botB = workspaces.newBot("B").id();
        String secret = "Project Nightingale launches on 3 March with the codename KESTREL-77 and a budget of 4.2 million.";
        AwaitDocument.finished(knowledge, knowledge.addText(botB, "Secret plan", secret).id());

        workspaces.newOwner();
        UUID botA = workspaces.newBot("A").id();
        Set<UUID> own = new java.util.HashSet<>();
        for (int i = 0; i < TOPICS.size(); i++) {
            UUID doc = knowledge.addText(botA, "Topic " + i, TOPICS.get(i)).id();
            AwaitDocument.finished(knowledge, doc);
            knowledge.chunks(doc).stream().map(KnowledgeChunk::id).forEach(own::add);
        }

        List<Passage> found = search.search(botA, secret, 5);
        assertThat(found).hasSize(5).allSatisfy(p -> assertThat(own).contains(p.chunkId()));
        assertThat(found).noneMatch(p -> p.content().contains("KESTREL"));
        assertThat(search.search(botB, secret, 5)).as("B's bot is not A's to search").isEmpty();
    }

    @Test
    void fullTextFindsAnExactCodeAndEveryPassageCarriesItsCitation() {
        workspaces.newOwner();
        UUID bot = workspaces.newBot("Codes").id();
        for (int i = 0; i < TOPICS.size(); i++) AwaitDocument.finished(knowledge, knowledge.addText(bot, "Topic " + i, TOPICS.get(i)).id());
        UUID manual = knowledge.addText(bot, "Installer manual", """
                # Installation
                ## Error codes
                Error ZX4411 means the mounting bracket is not locked; press it until it clicks.""").id();
        AwaitDocument.finished(knowledge, manual);

        List<Passage> found = search.search(bot, "ZX4411", 3);
        Passage best = found.getFirst();
        assertThat(best.content()).contains("ZX4411");
        assertThat(best.textRank()).as("found by its words").isEqualTo(1);
        assertThat(best.citation().title()).isEqualTo("Installer manual");
        assertThat(best.citation().section()).isEqualTo("Installation › Error codes");
        assertThat(found).extracting(Passage::fusedScore).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void unrelatedQuestionsFindPassagesButNoEvidence() {
        workspaces.newOwner();
        UUID bot = workspaces.newBot("Shop").id();
        for (int i = 0; i < TOPICS.size(); i++) AwaitDocument.finished(knowledge, knowledge.addText(bot, "Topic " + i, TOPICS.get(i)).id());

        assertThat(search.search(bot, "How long do refunds take to reach my card?", 3).getFirst())
                .satisfies(p -> assertThat(p.evidence()).isTrue())
                .satisfies(p -> assertThat(p.content()).contains("Refunds"));
        assertThat(search.search(bot, "What is the boiling point of tungsten on Mars?", 3)).noneMatch(Passage::evidence);
    }

    @Test
    void textSearchFunctionSeesOnlyTheBoundTenantsBots() {
        TenantId tenantB = workspaces.newOwner().tenant();
        UUID botB = workspaces.newBot("B").id();
        AwaitDocument.finished(knowledge, knowledge.addText(botB, "Pricing", "The premium plan costs forty euros a month.").id());
        TenantId tenantA = workspaces.newOwner().tenant();
        SecurityContextHolder.clearContext();

        String call = "SELECT count(*) FROM parley_text_search(?, 'english', 'premium plan', 10, 100)";
        assertThat(countAs(tenantB, call, botB)).isEqualTo(1);
        assertThat(countAs(tenantA, call, botB)).as("another tenant's bot id").isZero();
        assertThat(countAs(null, call, botB)).as("no tenant bound").isZero();
    }

    @Test
    void aBotPastTheThresholdGetsItsOwnIndexesWhichTheQueryUsesWithTheSameResults() throws Exception {
        TenantId tenant = workspaces.newOwner().tenant();
        UUID big = workspaces.newBot("Big").id();
        UUID small = workspaces.newBot("Small").id();
        for (int i = 0; i < TOPICS.size(); i++) AwaitDocument.finished(knowledge, knowledge.addText(big, "Topic " + i, TOPICS.get(i)).id());
        AwaitDocument.finished(knowledge, knowledge.addText(small, "Only", TOPICS.getFirst()).id());
        List<UUID> before = ids(search.search(big, "courier delivery to Norway", 5));

        Set<UUID> indexed = botIndexes.reconcile(4);
        assertThat(indexed).contains(big).doesNotContain(small);
        assertThat(indexNames()).contains(BotIndexes.VECTOR_PREFIX + BotIndexes.hex(big), BotIndexes.TEXT_PREFIX + BotIndexes.hex(big))
                .doesNotContain(BotIndexes.VECTOR_PREFIX + BotIndexes.hex(small));
        String plan = TenantContext.callAs(tenant, null, () -> tx.execute(s -> explainVectorQuery(big)));
        assertThat(plan).as("the app role's query uses the bot's own HNSW index").contains(BotIndexes.VECTOR_PREFIX + BotIndexes.hex(big));

        assertThat(ids(search.search(big, "courier delivery to Norway", 5))).containsExactlyInAnyOrderElementsOf(before);

        // Deleted bot: its indexes go at the next check.
        TenantContext.runAs(tenant, null, () -> tx.executeWithoutResult(s -> jdbc.update("DELETE FROM bots WHERE id = ?", big)));
        botIndexes.reconcile(4);
        assertThat(indexNames()).doesNotContain(BotIndexes.VECTOR_PREFIX + BotIndexes.hex(big), BotIndexes.TEXT_PREFIX + BotIndexes.hex(big));
    }

    private long countAs(TenantId tenant, String sql, UUID bot) {
        Long count = tenant == null ? tx.execute(s -> jdbc.queryForObject(sql, Long.class, bot))
                : TenantContext.callAs(tenant, null, () -> tx.execute(s -> jdbc.queryForObject(sql, Long.class, bot)));
        return count == null ? -1 : count;
    }

    private String explainVectorQuery(UUID bot) {
        // Few rows: tell the planner that index scans are cheap, as they are for a real big bot.
        jdbc.execute("SET LOCAL enable_seqscan = off");
        String vector = "[" + "0.01,".repeat(383) + "0.01]";
        return jdbc.queryForList("EXPLAIN SELECT id FROM chunks WHERE bot_id = '" + bot + "' ORDER BY embedding <=> '" + vector
                + "'::vector LIMIT 5", String.class).stream().collect(Collectors.joining("\n"));
    }

    private Set<String> indexNames() {
        return Set.copyOf(OwnerDatabase.jdbc(context).sql("SELECT indexname FROM pg_indexes WHERE tablename = 'chunks'").query(String.class).list());
    }

    private static List<UUID> ids(List<Passage> passages) {
        return new ArrayList<>(passages.stream().map(Passage::chunkId).toList());
    }
}
