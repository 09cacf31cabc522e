/**
 * Widget: the public HTTP API the embedded widget uses before and while chatting: a bot's public
 * configuration for allowed sites, visitor sessions (short-lived ES256 JWTs with a JWKS endpoint and
 * key rotation), the token check in front of the chat API, and rate limits shared by all nodes.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"chat", "tenancy", "platform", "shared"})
package dev.parley.widget;
