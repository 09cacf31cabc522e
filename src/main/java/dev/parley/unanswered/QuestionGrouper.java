package dev.parley.unanswered;

import com.pgvector.PGvector;
import dev.parley.chat.AnswerMode;
import dev.parley.chat.AskedQuestion;
import dev.parley.chat.ConversationSearch;
import dev.parley.chat.MessageAnswered;
import dev.parley.knowledge.QueryEmbeddings;
import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Files each unanswered question into a group as soon as it is answered "I don't know": greedy
 * leader clustering, where a question joins the most similar open group of its bot when the cosine
 * similarity to that group's first question reaches the threshold, else starts a new group. Runs
 * off the visitor's request thread, so the answer stream never waits for the embedding.
 */
@Component
class QuestionGrouper {

    private static final Logger log = LoggerFactory.getLogger(QuestionGrouper.class);

    private final ConversationSearch conversations;
    private final QueryEmbeddings embeddings;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final UnansweredProperties properties;
    private final ApplicationEventPublisher events;
    private final ExecutorService work = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("unanswered-", 0).factory());

    QuestionGrouper(ConversationSearch conversations, QueryEmbeddings embeddings, JdbcTemplate jdbc,
                    PlatformTransactionManager transactions, UnansweredProperties properties,
                    ApplicationEventPublisher events) {
        this.conversations = conversations;
        this.embeddings = embeddings;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.properties = properties;
        this.events = events;
    }

    @EventListener
    void on(MessageAnswered answered) {
        if (answered.mode() != AnswerMode.UNANSWERED || !answered.complete()) return;
        work.execute(() -> {
            try {
                TenantContext.runAs(new TenantId(answered.tenantId()), null, () -> file(answered.questionId()));
            } catch (RuntimeException e) {
                log.error("Filing unanswered question {} failed", answered.questionId(), e);
            }
        });
    }

    void file(UUID questionId) {
        Optional<AskedQuestion> asked = conversations.askedQuestion(questionId);
        if (asked.isEmpty()) return; // deleted meanwhile
        AskedQuestion q = asked.get();
        String normalised = q.content().strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        Optional<String> model = embeddings.indexOf(q.botId()).map(QueryEmbeddings.BotIndex::model);
        Optional<float[]> vector = model.flatMap(m -> embeddings.embed(m, normalised));
        UUID filedIn = tx.execute(status -> {
            // One question of a bot at a time, so two similar questions at once do not start two groups.
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext(?))", "unanswered/" + q.botId());
            UUID group = nearestOpenGroup(q.botId(), normalised, model.orElse(null), vector.orElse(null))
                    .orElseGet(() -> newGroup(q, model.orElse(null), vector.orElse(null)));
            int filed = jdbc.update("""
                    INSERT INTO unanswered_questions (tenant_id, id, group_id, conversation_id, question, asked_at)
                    SELECT tenant_id, ?, ?, ?, ?, ? FROM unanswered_groups WHERE id = ?
                    ON CONFLICT (tenant_id, id) DO NOTHING""", q.id(), group, q.conversationId(), q.content(),
                    java.sql.Timestamp.from(q.askedAt()), group);
            if (filed > 0) jdbc.update("UPDATE unanswered_groups SET last_asked_at = greatest(last_asked_at, ?) WHERE id = ?",
                    java.sql.Timestamp.from(q.askedAt()), group);
            return group;
        });
        events.publishEvent(new QuestionFiled(tenantOf(), q.botId(), filedIn));
    }

    private static UUID tenantOf() {
        return TenantContext.explicitScope().map(scope -> scope.tenantId().value()).orElseThrow();
    }

    /** With a vector: the most similar open group above the threshold. Without one (a bot with no knowledge yet): the same words. */
    private Optional<UUID> nearestOpenGroup(UUID botId, String normalised, String model, float[] vector) {
        if (vector == null) {
            return jdbc.queryForList("""
                    SELECT id FROM unanswered_groups WHERE bot_id = ? AND status = 'OPEN' AND embedding IS NULL
                       AND lower(regexp_replace(btrim(question), '\\s+', ' ', 'g')) = ?
                     ORDER BY last_asked_at DESC LIMIT 1""", UUID.class, botId, normalised).stream().findFirst();
        }
        PGvector v = new PGvector(vector);
        List<UUID> nearest = jdbc.query("""
                SELECT id, 1 - (embedding <=> ?) AS similarity FROM unanswered_groups
                 WHERE bot_id = ? AND status = 'OPEN' AND model = ? AND vector_dims(embedding) = ?
                 ORDER BY embedding <=> ? LIMIT 1""",
                (rs, n) -> rs.getDouble(2) >= properties.similarity() ? rs.getObject(1, UUID.class) : null,
                v, botId, model, vector.length, v);
        return nearest.stream().filter(java.util.Objects::nonNull).findFirst();
    }

    private UUID newGroup(AskedQuestion q, String model, float[] vector) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO unanswered_groups (tenant_id, id, bot_id, question, model, embedding, first_asked_at, last_asked_at)
                SELECT tenant_id, ?, id, ?, ?, ?, ?, ? FROM bots WHERE id = ?""", id, q.content(), model,
                vector == null ? null : new PGvector(vector), java.sql.Timestamp.from(q.askedAt()),
                java.sql.Timestamp.from(q.askedAt()), q.botId());
        return id;
    }

    @PreDestroy
    void stop() {
        work.close();
    }
}
