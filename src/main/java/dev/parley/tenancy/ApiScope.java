package dev.parley.tenancy;

/** What a tenant API key may do. */
public enum ApiScope {
    KNOWLEDGE_READ, KNOWLEDGE_WRITE, CONVERSATIONS_READ, CHAT
}
