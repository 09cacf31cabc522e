package dev.parley.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "bots")
class BotEntity {
    @Id UUID id;
    @Column(name = "tenant_id") UUID tenantId;
    String name;
    String persona;
    @Column(name = "welcome_message") String welcomeMessage;
    @JdbcTypeCode(SqlTypes.ARRAY) @Column(name = "starter_questions") List<String> starterQuestions;
    String color;
    String position;
    String language;
    String theme = "auto";
    // the image itself (bytea) is read and written by BotRepository's queries, never loaded with the bot
    @Column(name = "avatar_version", insertable = false, updatable = false) String avatarVersion;
    @JdbcTypeCode(SqlTypes.ARRAY) @Column(name = "allowed_origins") List<String> allowedOrigins;
    @Column(name = "public_key", updatable = false) String publicKey;
    boolean enabled = true;
    @Column(name = "created_at", insertable = false, updatable = false) Instant createdAt;
    @Column(name = "updated_at") Instant updatedAt;
    @Column(name = "unanswered_message") String unansweredMessage = "";
    @Column(name = "handoff_line") String handoffLine = "";
    @Column(name = "max_messages_per_day") Integer maxMessagesPerDay;
    @Column(name = "llm_base_url") String llmBaseUrl;
    @Column(name = "llm_model") String llmModel;
    @Column(name = "llm_temperature") Float llmTemperature;
    @Column(name = "llm_max_tokens") Integer llmMaxTokens;
    @Column(name = "llm_api_key_sealed") String llmApiKeySealed;
    @Column(name = "identity_secret_sealed") String identitySecretSealed;

    protected BotEntity() {}

    BotEntity(UUID tenantId, String publicKey) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.publicKey = publicKey;
    }

    void apply(BotSettings settings) {
        name = settings.name();
        persona = settings.persona();
        welcomeMessage = settings.welcomeMessage();
        starterQuestions = settings.starterQuestions();
        color = settings.color();
        position = settings.position().name().toLowerCase();
        language = settings.language();
        theme = settings.theme().name().toLowerCase();
        allowedOrigins = settings.allowedOrigins();
        updatedAt = Instant.now();
    }

    void apply(AnswerSettings settings) {
        unansweredMessage = settings.unansweredMessage();
        handoffLine = settings.handoffLine();
        maxMessagesPerDay = settings.maxMessagesPerDay();
        llmBaseUrl = settings.llmBaseUrl();
        llmModel = settings.llmModel();
        llmTemperature = settings.llmTemperature() == null ? null : settings.llmTemperature().floatValue();
        llmMaxTokens = settings.llmMaxTokens();
        updatedAt = Instant.now();
    }

    AnswerSettings answerSettings() {
        return new AnswerSettings(unansweredMessage, handoffLine, maxMessagesPerDay, llmBaseUrl, llmModel,
                llmTemperature == null ? null : (double) llmTemperature, llmMaxTokens);
    }

    Bot toBot() {
        return new Bot(id, publicKey, new BotSettings(name, persona, welcomeMessage, List.copyOf(starterQuestions),
                color, BotSettings.Position.valueOf(position.toUpperCase()), language, List.copyOf(allowedOrigins),
                BotSettings.Theme.valueOf(theme.toUpperCase())),
                enabled, createdAt, updatedAt, avatarVersion);
    }
}
