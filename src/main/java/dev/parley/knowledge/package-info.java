/**
 * Knowledge: documents, pasted text, Q&A pairs and web pages in; parsed, chunked, embedded,
 * searchable chunks out. Originals are kept in the blob store; work runs as durable jobs.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"tenancy", "platform", "shared"})
package dev.parley.knowledge;
