/**
 * Chat: conversations and messages, the answer to each question (LLM, extractive, or "I don't
 * know"), streamed as it is written, with quotas, resilience and feedback. The chat API lives in
 * {@code api}; the visitor-facing widget builds on it.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"retrieval", "tenancy", "platform", "shared"})
package dev.parley.chat;
