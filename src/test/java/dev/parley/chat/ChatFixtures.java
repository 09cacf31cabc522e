package dev.parley.chat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Conversations written straight into the tables (as the app role, tenant bound), for console and search tests. */
public final class ChatFixtures {

    private ChatFixtures() {}

    public static UUID conversation(JdbcClient db, UUID botId, String visitor, Instant lastActivity) {
        UUID id = UUID.randomUUID();
        db.sql("""
                INSERT INTO conversations (tenant_id, id, bot_id, visitor_id, started_at, last_message_at)
                SELECT tenant_id, ?, id, ?, ?, ? FROM bots WHERE id = ?""")
                .params(id, visitor, Timestamp.from(lastActivity.minusSeconds(60)), Timestamp.from(lastActivity), botId).update();
        return id;
    }

    public static UUID question(JdbcClient db, UUID conversationId, String text, Instant at) {
        UUID id = UUID.randomUUID();
        db.sql("""
                INSERT INTO messages (tenant_id, id, conversation_id, role, content, created_at)
                SELECT tenant_id, ?, id, 'USER', ?, ? FROM conversations WHERE id = ?""")
                .params(id, text, Timestamp.from(at), conversationId).update();
        return id;
    }

    /** An answer with one source, 120 ms to the first token, 900 ms in all, 300 + 40 tokens. */
    public static UUID answer(JdbcClient db, UUID conversationId, UUID questionId, String text, AnswerMode mode, Instant at) {
        UUID id = UUID.randomUUID();
        String sources = mode == AnswerMode.UNANSWERED ? "[]" : """
                [{"n":1,"chunkId":"%s","documentId":"%s","title":"Shipping guide","section":"Abroad","page":null,
                  "url":"https://shop.example.com/shipping","score":0.812}]""".formatted(UUID.randomUUID(), UUID.randomUUID());
        db.sql("""
                INSERT INTO messages (tenant_id, id, conversation_id, role, content, created_at, reply_to, mode, sources, model,
                                      prompt_tokens, completion_tokens, first_token_ms, total_ms)
                SELECT tenant_id, ?, id, 'ASSISTANT', ?, ?, ?, ?, ?::jsonb, ?, 300, 40, 120, 900 FROM conversations WHERE id = ?""")
                .params(id, text, Timestamp.from(at), questionId, mode.name(), sources, mode == AnswerMode.LLM ? "gpt-4o-mini" : null,
                        conversationId).update();
        return id;
    }

    public static void rate(JdbcClient db, UUID messageId, int rating) {
        db.sql("INSERT INTO feedback (tenant_id, id, message_id, rating) SELECT tenant_id, ?, id, ? FROM messages WHERE id = ?")
                .params(UUID.randomUUID(), rating, messageId).update();
    }

    /** A conversation of one question and its answer, last active at {@code at}. */
    public static UUID exchange(JdbcClient db, UUID botId, String question, String answer, AnswerMode mode, Instant at) {
        UUID conversation = conversation(db, botId, "visitor-" + UUID.randomUUID().toString().substring(0, 8), at);
        UUID q = question(db, conversation, question, at.minusSeconds(2));
        answer(db, conversation, q, answer, mode, at.minusSeconds(1));
        return conversation;
    }
}
