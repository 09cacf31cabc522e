package dev.parley.shared;

import java.util.Objects;
import java.util.UUID;

/** A person who can sign in; may belong to several tenants. */
public record UserId(UUID value) {
    public UserId {
        Objects.requireNonNull(value, "user id");
    }

    public static UserId random() {
        return new UserId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
