package dev.parley.tenancy;

import dev.parley.platform.SecretBox;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Bots of the current tenant. Reads are open to members; changes need ADMIN or OWNER. */
@Service
public class BotService {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Identity verification secrets start with this, so secret scanners and people recognise one. */
    public static final String IDENTITY_SECRET_PREFIX = "pvs_";

    private final BotRepository bots;
    private final CurrentMember currentMember;
    private final AuditLog audit;
    private final SecretBox secrets;

    BotService(BotRepository bots, CurrentMember currentMember, AuditLog audit, SecretBox secrets) {
        this.bots = bots;
        this.currentMember = currentMember;
        this.audit = audit;
        this.secrets = secrets;
    }

    @Transactional(readOnly = true)
    public List<Bot> list() {
        return bots.findAllByOrderByNameAscIdAsc().stream().map(BotEntity::toBot).toList();
    }

    @Transactional(readOnly = true)
    public Optional<Bot> find(UUID id) {
        return bots.findById(id).map(BotEntity::toBot);
    }

    @Transactional
    public Bot create(BotSettings settings) {
        requireBotManager();
        BotEntity bot = new BotEntity(currentMember.tenantId().value(), newPublicKey());
        bot.apply(settings.validated());
        bots.saveAndFlush(bot);
        audit.record("bot.created", bot.id.toString(), bot.name);
        return bots.findById(bot.id).orElseThrow().toBot();
    }

    @Transactional
    public Bot update(UUID id, BotSettings settings) {
        requireBotManager();
        BotEntity bot = bots.findById(id).orElseThrow(() -> InvalidInputException.of("", "This bot no longer exists."));
        bot.apply(settings.validated());
        bots.saveAndFlush(bot);
        audit.record("bot.updated", id.toString(), bot.name);
        return bot.toBot();
    }

    @Transactional(readOnly = true)
    public Optional<AnswerSettings> answerSettings(UUID id) {
        return bots.findById(id).map(BotEntity::answerSettings);
    }

    @Transactional(readOnly = true)
    public boolean hasLlmApiKey(UUID id) {
        return bots.findById(id).map(b -> b.llmApiKeySealed != null).orElse(false);
    }

    /**
     * The bot's own LLM API key, for the one caller that sends it to the endpoint. Never shown: the
     * console only learns whether one is set.
     */
    @Transactional(readOnly = true)
    public Optional<String> llmApiKey(UUID id) {
        return bots.findById(id).map(b -> b.llmApiKeySealed).map(secrets::open);
    }

    /**
     * @param newApiKey null keeps the stored key, blank removes it, anything else replaces it
     */
    @Transactional
    public AnswerSettings updateAnswerSettings(UUID id, AnswerSettings settings, String newApiKey) {
        requireBotManager();
        BotEntity bot = bots.findById(id).orElseThrow(() -> InvalidInputException.of("", "This bot no longer exists."));
        bot.apply(settings.validated());
        if (newApiKey != null) {
            if (newApiKey.length() > 500) throw InvalidInputException.of("llmApiKey", "At most 500 characters.");
            bot.llmApiKeySealed = newApiKey.isBlank() ? null : secrets.seal(newApiKey.strip());
        }
        bots.saveAndFlush(bot);
        audit.record("bot.answers-updated", id.toString(), bot.name);
        return bot.answerSettings();
    }

    @Transactional(readOnly = true)
    public boolean hasIdentitySecret(UUID id) {
        return bots.findById(id).map(b -> b.identitySecretSealed != null).orElse(false);
    }

    /**
     * A new identity verification secret for the bot (Parley.identify): the site's server signs its
     * visitors' JWTs with it (HS256). Returned this once and stored sealed; the old one stops working at once.
     */
    @Transactional
    public String regenerateIdentitySecret(UUID id) {
        requireBotManager();
        BotEntity bot = bots.findById(id).orElseThrow(() -> InvalidInputException.of("", "This bot no longer exists."));
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = IDENTITY_SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        bot.identitySecretSealed = secrets.seal(secret);
        bots.saveAndFlush(bot);
        audit.record("bot.identity-secret-generated", id.toString(), bot.name);
        return secret;
    }

    /** Turns identified visitors off: tokens signed with the old secret are refused from now on. */
    @Transactional
    public void removeIdentitySecret(UUID id) {
        requireBotManager();
        bots.findById(id).ifPresent(bot -> {
            bot.identitySecretSealed = null;
            bots.saveAndFlush(bot);
            audit.record("bot.identity-secret-removed", id.toString(), bot.name);
        });
    }

    /** The bot's identity secret, for the one caller that verifies visitors' identity tokens. */
    @Transactional(readOnly = true)
    public Optional<String> identitySecret(UUID id) {
        return bots.findById(id).map(b -> b.identitySecretSealed).map(secrets::open);
    }

    /**
     * Replaces the bot's avatar with the uploaded image, re-encoded (AvatarImage, DD-048). A refused upload
     * throws InvalidInputException keyed "avatar" and leaves the bot as it was.
     *
     * @return the bot with its new avatar version
     */
    @Transactional
    public Bot setAvatar(UUID id, InputStream upload) {
        requireBotManager();
        AvatarImage.Encoded image = AvatarImage.encode(AvatarImage.readBounded(upload));
        BotEntity bot = bots.findById(id).orElseThrow(() -> InvalidInputException.of("", "This bot no longer exists."));
        bots.storeAvatar(id, image.png(), image.version());
        audit.record("bot.avatar-set", id.toString(), bot.name);
        return bots.findById(id).orElseThrow().toBot();
    }

    /** Back to the bot's initial. */
    @Transactional
    public Bot removeAvatar(UUID id) {
        requireBotManager();
        BotEntity bot = bots.findById(id).orElseThrow(() -> InvalidInputException.of("", "This bot no longer exists."));
        if (bot.avatarVersion != null) {
            bots.clearAvatar(id);
            audit.record("bot.avatar-removed", id.toString(), bot.name);
        }
        return bots.findById(id).orElseThrow().toBot();
    }

    /** The bot's avatar, a PNG Parley encoded itself; empty when it has none (or is not the bound tenant's). */
    @Transactional(readOnly = true)
    public Optional<byte[]> avatar(UUID id) {
        return bots.findAvatar(id);
    }

    @Transactional
    public void delete(UUID id) {
        requireBotManager();
        bots.findById(id).ifPresent(bot -> {
            bots.delete(bot);
            audit.record("bot.deleted", id.toString(), bot.name);
        });
    }

    private void requireBotManager() {
        if (!currentMember.role().managesBots()) {
            throw new AccessDeniedException("Only admins and owners change bots.");
        }
    }

    static String newPublicKey() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return "pk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
