package dev.parley.webhooks;

import dev.parley.chat.AnswerMode;
import dev.parley.chat.ConversationResolved;
import dev.parley.chat.ConversationStarted;
import dev.parley.chat.FeedbackGiven;
import dev.parley.chat.MessageAnswered;
import dev.parley.knowledge.DocumentFailed;
import dev.parley.knowledge.DocumentIngested;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The events webhooks carry. Each listener runs before the publishing transaction commits (or at
 * once when there is none), so a delivery exists exactly when its event happened. Payloads hold ids
 * and the event's own facts; a receiver reads more through the API with a key.
 */
@Component
class WebhookTriggers {

    private final WebhookOutbox outbox;

    WebhookTriggers(WebhookOutbox outbox) {
        this.outbox = outbox;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(ConversationStarted e) {
        outbox.publish(e.tenantId(), WebhookEvent.CONVERSATION_CREATED,
                data("bot_id", e.botId(), "conversation_id", e.conversationId(), "visitor_id", e.visitorId()));
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(ConversationResolved e) {
        if (!e.resolved()) return; // reopening is not an event receivers subscribe to
        outbox.publish(e.tenantId(), WebhookEvent.CONVERSATION_RESOLVED,
                data("bot_id", e.botId(), "conversation_id", e.conversationId(), "resolved_by", e.byUser()));
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(MessageAnswered e) {
        if (e.mode() != AnswerMode.UNANSWERED) return;
        outbox.publish(e.tenantId(), WebhookEvent.MESSAGE_UNANSWERED, data("bot_id", e.botId(),
                "conversation_id", e.conversationId(), "question_id", e.questionId(), "answer_id", e.answerId()));
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(FeedbackGiven e) {
        if (e.rating() >= 0) return;
        outbox.publish(e.tenantId(), WebhookEvent.FEEDBACK_NEGATIVE, data("bot_id", e.botId(),
                "conversation_id", e.conversationId(), "message_id", e.messageId(), "comment", e.comment()));
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(DocumentIngested e) {
        outbox.publish(e.tenantId(), WebhookEvent.DOCUMENT_READY,
                data("bot_id", e.botId(), "document_id", e.documentId(), "chunk_count", e.chunkCount()));
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(DocumentFailed e) {
        outbox.publish(e.tenantId(), WebhookEvent.DOCUMENT_FAILED, data("document_id", e.documentId(), "reason", e.reason()));
    }

    /** Name/value pairs in order; UUIDs as strings, nulls kept (a receiver sees the field). */
    static Map<String, Object> data(Object... pairs) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            data.put((String) pairs[i], value instanceof UUID id ? id.toString() : value);
        }
        return data;
    }
}
