/**
 * Retrieval: a bot's best passages for a question, by vector similarity and full text fused with
 * reciprocal rank fusion, each with its citation. Owns the indexes that keep this fast for bots of
 * every size (DD-021) and the caches in front of it.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"knowledge", "platform", "shared"})
package dev.parley.retrieval;
