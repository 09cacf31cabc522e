package dev.parley.tenancy;

import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/** What other modules may ask about the caller: their tenant and whether their role allows an action. */
@Component
public class CurrentRole {
    private final CurrentMember member;

    CurrentRole(CurrentMember member) {
        this.member = member;
    }

    public UUID tenantId() {
        return member.tenantId().value();
    }

    public Role role() {
        return member.role();
    }

    public void requireKnowledgeEditor() {
        if (!member.role().managesKnowledge()) throw new AccessDeniedException("Only editors, admins and owners change knowledge.");
    }
}
