package dev.parley.shared;

import java.util.Objects;
import java.util.UUID;

/** A tenant (workspace). Random UUIDs only: ids shown to clients must not be guessable. */
public record TenantId(UUID value) {
    public TenantId {
        Objects.requireNonNull(value, "tenant id");
    }

    public static TenantId random() {
        return new TenantId(UUID.randomUUID());
    }

    public static TenantId parse(String text) {
        return new TenantId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
