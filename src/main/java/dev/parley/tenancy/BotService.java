package dev.parley.tenancy;

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

    private final BotRepository bots;
    private final CurrentMember currentMember;
    private final AuditLog audit;

    BotService(BotRepository bots, CurrentMember currentMember, AuditLog audit) {
        this.bots = bots;
        this.currentMember = currentMember;
        this.audit = audit;
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
