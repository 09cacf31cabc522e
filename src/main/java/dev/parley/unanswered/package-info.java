/**
 * Unanswered questions: every question the bot could not answer, grouped with similar ones by
 * their embeddings, newest first; an editor's curated answer becomes a Q&A entry of the bot's
 * knowledge and resolves the group (DD-041). Listens to the chat module's answers.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"chat", "knowledge", "tenancy", "platform", "shared"})
package dev.parley.unanswered;
