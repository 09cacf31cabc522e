package dev.parley.tenancy;

import dev.parley.shared.TenantId;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The current workspace itself: its name, the limits the operator set, and deleting it. Members
 * read; only owners change or delete.
 */
@Service
public class WorkspaceService {

    public record Workspace(String name, Instant createdAt, TenantLimits.Limits limits) {}

    static final int MAX_NAME = 120;
    private static final Logger log = LoggerFactory.getLogger(WorkspaceService.class);

    private final TenantRepository tenants;
    private final CurrentMember currentMember;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    WorkspaceService(TenantRepository tenants, CurrentMember currentMember, AuditLog audit, ApplicationEventPublisher events) {
        this.tenants = tenants;
        this.currentMember = currentMember;
        this.audit = audit;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public Workspace current() {
        TenantEntity t = tenants.findById(currentMember.tenantId().value())
                .orElseThrow(() -> new AccessDeniedException("This workspace no longer exists."));
        return new Workspace(t.name, t.createdAt, new TenantLimits.Limits(t.maxMessagesPerDay, t.maxLlmTokensPerMonth));
    }

    @Transactional
    public Workspace rename(String name) {
        requireOwner("Only owners rename the workspace.");
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty()) throw InvalidInputException.of("name", "Name the workspace.");
        if (clean.length() > MAX_NAME) {
            throw InvalidInputException.of("name", "A workspace name has at most " + MAX_NAME + " characters; this one has "
                    + clean.length() + ".");
        }
        TenantEntity t = tenants.findById(currentMember.tenantId().value()).orElseThrow();
        String before = t.name;
        t.name = clean;
        tenants.saveAndFlush(t);
        audit.record("tenant.renamed", t.id.toString(), before + " → " + clean);
        return current();
    }

    /**
     * Deletes the workspace with everything in it (bots, knowledge, conversations, members, keys,
     * audit log); {@code typedName} must be its exact name. People keep their login for their other
     * workspaces; one who had no other is told so at the next sign-in.
     */
    @Transactional
    public void delete(String typedName) {
        requireOwner("Only owners delete the workspace.");
        TenantId tenant = currentMember.tenantId();
        TenantEntity t = tenants.findById(tenant.value()).orElseThrow();
        if (typedName == null || !typedName.strip().equals(t.name)) {
            throw new InvalidInputException(Map.of("confirmation", "Type the workspace name exactly as shown to delete it."));
        }
        // Foreign keys cascade from tenants to every tenant table, the aggregates included.
        tenants.delete(t);
        tenants.flush();
        log.info("Workspace {} deleted by {}", tenant.value(), currentMember.label());
        events.publishEvent(new TenantDeleted(tenant.value()));
    }

    private void requireOwner(String message) {
        if (currentMember.role() != Role.OWNER) throw new AccessDeniedException(message);
    }
}
