package dev.parley.platform;

import java.util.UUID;

/** The ids of one tenant's fixture: one row in every tenant table, plus its owner's users row. */
record TenantRows(UUID tenant, UUID user, UUID invitation, UUID bot, UUID apiKey, UUID document, UUID chunk,
                  UUID conversation, UUID message, UUID feedback, UUID audit, UUID source, UUID usage,
                  UUID sighting, UUID webhook, UUID delivery, UUID attempt, UUID unansweredGroup) {

    static TenantRows random() {
        return new TenantRows(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    }
}
