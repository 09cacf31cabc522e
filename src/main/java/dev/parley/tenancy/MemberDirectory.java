package dev.parley.tenancy;

import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import dev.parley.shared.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lookups that happen before a tenant is bound (sign-in, invitations), through the narrow
 * SECURITY DEFINER functions of the schema, and building the principal of a signed-in person.
 */
@Component
class MemberDirectory {

    record LoginRecord(UUID userId, String passwordHash, String displayName) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    MemberDirectory(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    Optional<LoginRecord> findLogin(String normalisedEmail) {
        return jdbc.sql("SELECT user_id, password_hash, display_name FROM parley_find_login(?)")
                .param(normalisedEmail)
                .query((rs, n) -> new LoginRecord(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                .optional();
    }

    List<ParleyPrincipal.Workspace> workspacesOf(UserId user) {
        return TenantContext.callAs(null, user, () -> tx.execute(status ->
                jdbc.sql("SELECT tenant_id, tenant_name, role FROM parley_my_tenants()")
                        .query((rs, n) -> new ParleyPrincipal.Workspace(new TenantId(rs.getObject(1, UUID.class)),
                                rs.getString(2), Role.valueOf(rs.getString(3))))
                        .list()));
    }

    /** The principal for this person in the given tenant (or their first), if they are a member. */
    Optional<ParleyPrincipal> principalFor(UserId user, TenantId preferred) {
        List<ParleyPrincipal.Workspace> workspaces = workspacesOf(user);
        Optional<ParleyPrincipal.Workspace> chosen = workspaces.stream()
                .filter(w -> w.id().equals(preferred)).findFirst()
                .or(() -> workspaces.stream().findFirst());
        return chosen.map(w -> TenantContext.callAs(w.id(), user, () -> tx.execute(status -> {
            var row = jdbc.sql("SELECT email, display_name FROM users WHERE id = ?").param(user.value())
                    .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).single();
            return new ParleyPrincipal(user, row[0], row[1], w.id(), w.name(), w.role(), List.copyOf(workspaces));
        })));
    }

    void recordLogin(ParleyPrincipal principal, String newHashOrNull, AuditLog audit) {
        TenantContext.runAs(principal.tenant(), principal.user(), () -> tx.executeWithoutResult(status -> {
            if (newHashOrNull != null) {
                jdbc.sql("UPDATE users SET password_hash = ? WHERE id = ?").params(newHashOrNull, principal.user().value()).update();
            }
            jdbc.sql("UPDATE users SET last_login_at = ? WHERE id = ?")
                    .params(java.sql.Timestamp.from(Instant.now()), principal.user().value()).update();
            audit.record(principal.user().value(), principal.email(), "login", principal.email(), "");
        }));
    }
}
