package dev.parley.chat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Conversations of the current tenant: start one, read its messages, rate an answer. */
@Service
public class ConversationService {

    static final int HISTORY_LIMIT = 200;

    private final JdbcTemplate jdbc;
    private final BotProfiles profiles;
    private final MessageStore messages;
    private final ApplicationEventPublisher events;

    ConversationService(JdbcTemplate jdbc, BotProfiles profiles, MessageStore messages, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.profiles = profiles;
        this.messages = messages;
        this.events = events;
    }

    @Transactional
    public Conversation start(ChatCaller caller, UUID botId) {
        BotProfile profile = profiles.of(caller.tenant(), botId).filter(p -> caller.mayUse(botId))
                .orElseThrow(() -> new ChatRefused(ChatRefused.Reason.NOT_FOUND, "There is no such bot."));
        if (!profile.bot().enabled()) throw new ChatRefused(ChatRefused.Reason.BOT_DISABLED, "This assistant is switched off.");
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO conversations (tenant_id, id, bot_id, visitor_id) SELECT tenant_id, ?, id, ? FROM bots WHERE id = ?",
                id, caller.visitorId(), botId);
        events.publishEvent(new ConversationStarted(caller.tenant().value(), botId, id, caller.visitorId()));
        return find(caller, id).orElseThrow(() -> new ChatRefused(ChatRefused.Reason.NOT_FOUND, "There is no such bot."));
    }

    /** Empty when the conversation is not the caller's to see (another tenant, bot or visitor). */
    @Transactional(readOnly = true)
    public Optional<Conversation> find(ChatCaller caller, UUID conversationId) {
        return jdbc.query("SELECT id, bot_id, visitor_id, status, started_at, last_message_at FROM conversations WHERE id = ?",
                        (rs, n) -> new Conversation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                                rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant()), conversationId)
                .stream().filter(c -> caller.mayUse(c.botId()) && (caller.onlyBot() == null || c.visitorId().equals(caller.visitorId())))
                .findFirst();
    }

    /** The caller's most recent open conversation with its bot: where an identified visitor goes on, on any device. */
    @Transactional(readOnly = true)
    public Optional<Conversation> latestOpen(ChatCaller caller) {
        if (caller.onlyBot() == null) return Optional.empty();
        return jdbc.queryForList("""
                        SELECT id FROM conversations WHERE bot_id = ? AND visitor_id = ? AND status = 'OPEN'
                        ORDER BY last_message_at DESC LIMIT 1""", UUID.class, caller.onlyBot(), caller.visitorId())
                .stream().findFirst().flatMap(id -> find(caller, id));
    }

    /**
     * Hands a conversation an anonymous visitor has written in to the identified visitor {@code caller}
     * (they signed in mid-conversation): false when it is not that visitor's, not this bot's, or empty.
     */
    @Transactional
    public boolean adopt(ChatCaller caller, UUID conversationId, String anonymousVisitorId) {
        if (caller.onlyBot() == null) return false;
        return jdbc.update("""
                UPDATE conversations c SET visitor_id = ? WHERE c.id = ? AND c.bot_id = ? AND c.visitor_id = ?
                  AND EXISTS (SELECT 1 FROM messages m WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id)""",
                caller.visitorId(), conversationId, caller.onlyBot(), anonymousVisitorId) == 1;
    }

    /** Who an identified visitor says they are (from a token their site signed), kept on their conversation. */
    @Transactional
    public void describeVisitor(ChatCaller caller, UUID conversationId, String name, String email) {
        // a token without them keeps what an earlier one said
        jdbc.update("""
                UPDATE conversations SET visitor_name = coalesce(?, visitor_name), visitor_email = coalesce(?, visitor_email)
                WHERE id = ? AND visitor_id = ?""", name, email, conversationId, caller.visitorId());
    }

    @Transactional(readOnly = true)
    public List<ChatMessage> messages(ChatCaller caller, UUID conversationId) {
        find(caller, conversationId).orElseThrow(ConversationService::notFound);
        return messages.history(conversationId, null, HISTORY_LIMIT);
    }

    /**
     * Thumbs up (1) or down (-1) on an answer, with an optional comment; rating again replaces
     * the earlier rating.
     */
    @Transactional
    public void rate(ChatCaller caller, UUID messageId, int rating, String comment) {
        if (rating != 1 && rating != -1) throw new ChatRefused(ChatRefused.Reason.INVALID, "Rate with up or down.");
        String text = comment == null ? null : comment.strip();
        if (text != null && text.length() > 2000) throw new ChatRefused(ChatRefused.Reason.INVALID, "A comment has at most 2,000 characters.");
        UUID conversationId = jdbc.queryForList("SELECT conversation_id FROM messages WHERE id = ? AND role = 'ASSISTANT'",
                UUID.class, messageId).stream().findFirst().orElseThrow(() -> new ChatRefused(ChatRefused.Reason.NOT_FOUND,
                "There is no such answer."));
        Conversation conversation = find(caller, conversationId)
                .orElseThrow(() -> new ChatRefused(ChatRefused.Reason.NOT_FOUND, "There is no such answer."));
        jdbc.update("""
                INSERT INTO feedback (tenant_id, id, message_id, rating, comment)
                SELECT tenant_id, ?, id, ?, ? FROM messages WHERE id = ?
                ON CONFLICT (tenant_id, message_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment,
                    created_at = now()""", UUID.randomUUID(), rating, text == null || text.isEmpty() ? null : text, messageId);
        events.publishEvent(new FeedbackGiven(caller.tenant().value(), conversation.botId(), conversationId, messageId, rating,
                text == null || text.isEmpty() ? null : text));
    }

    static ChatRefused notFound() {
        return new ChatRefused(ChatRefused.Reason.NOT_FOUND, "There is no such conversation.");
    }
}
