package dev.parley.tenancy;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends to the tenant's audit log inside the caller's transaction. Public so that other modules
 * (webhooks) record their changes in the same log.
 */
@Component
public class AuditLog {

    private final JdbcClient jdbc;
    private final CurrentMember currentMember;

    AuditLog(JdbcClient jdbc, CurrentMember currentMember) {
        this.jdbc = jdbc;
        this.currentMember = currentMember;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String action, String target, String details) {
        record(currentMember.userId().map(u -> u.value()).orElse(null), currentMember.label(), action, target, details);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void record(UUID actorId, String actorLabel, String action, String target, String details) {
        jdbc.sql("""
                INSERT INTO audit_log (tenant_id, id, actor_user_id, actor_label, action, target, details)
                VALUES (current_setting('app.tenant_id')::uuid, ?, ?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID(), actorId, actorLabel, action, target, details == null ? "" : details)
                .update();
    }
}
