package dev.parley.chat;

import dev.parley.shared.TenantPrincipal;
import dev.parley.shared.UserId;
import dev.parley.tenancy.CurrentRole;
import dev.parley.tenancy.Role;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Who may read transcripts: support staff, admins and owners; editors work on knowledge only. */
@Component
class ConversationReaders {

    private final CurrentRole role;

    ConversationReaders(CurrentRole role) {
        this.role = role;
    }

    void require() {
        if (role.role() == Role.EDITOR) throw new AccessDeniedException("Only support staff, admins and owners read conversations.");
    }

    UUID tenant() {
        return role.tenantId();
    }

    /** The signed-in person, or null for trusted server code. */
    UUID user() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof TenantPrincipal p) return p.userId().map(UserId::value).orElse(null);
        return null;
    }
}
