package dev.parley.webhooks;

import java.util.Arrays;
import java.util.Optional;

/** What an endpoint can subscribe to; {@link #TEST} is only sent by the console's "send test event". */
public enum WebhookEvent {
    CONVERSATION_CREATED("conversation.created", "A visitor starts a conversation"),
    CONVERSATION_RESOLVED("conversation.resolved", "Support marks a conversation resolved"),
    MESSAGE_UNANSWERED("message.unanswered", "The bot could not answer a question"),
    FEEDBACK_NEGATIVE("feedback.negative", "A visitor rates an answer thumbs down"),
    DOCUMENT_READY("document.ready", "A document is indexed and searchable"),
    DOCUMENT_FAILED("document.failed", "A document could not be indexed"),
    TEST("webhook.test", "A test event sent from the console");

    private final String type;
    private final String description;

    WebhookEvent(String type, String description) {
        this.type = type;
        this.description = description;
    }

    /** The name in payloads and in the Parley-Event header. */
    public String type() {
        return type;
    }

    public String description() {
        return description;
    }

    public boolean subscribable() {
        return this != TEST;
    }

    static Optional<WebhookEvent> ofType(String type) {
        return Arrays.stream(values()).filter(e -> e.type.equals(type)).findFirst();
    }
}
