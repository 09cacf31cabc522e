package dev.parley.knowledge;

import dev.parley.knowledge.UploadRefused.Reason;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.CurrentRole;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A bot's knowledge: add files, pasted text and Q&A pairs, list them, look at their chunks,
 * re-index and delete. The console and the admin API both go through here.
 */
@Service
public class KnowledgeService {

    private final DocumentRepository documents;
    private final BlobStore blobs;
    private final IngestionScheduler jobs;
    private final KnowledgeProperties properties;
    private final BotService bots;
    private final CurrentRole role;
    private final JdbcTemplate jdbc;
    private final DocumentRemoval removal;

    KnowledgeService(DocumentRepository documents, BlobStore blobs, IngestionScheduler jobs, KnowledgeProperties properties,
                     BotService bots, CurrentRole role, JdbcTemplate jdbc, DocumentRemoval removal) {
        this.documents = documents;
        this.blobs = blobs;
        this.jobs = jobs;
        this.properties = properties;
        this.bots = bots;
        this.role = role;
        this.jdbc = jdbc;
        this.removal = removal;
    }

    /**
     * Stores the original and queues it. The size limit is enforced while copying, before the
     * whole file is ever in memory; {@code declaredSize} (e.g. Content-Length) refuses earlier.
     */
    @Transactional
    public KnowledgeDocument addFile(UUID botId, String fileName, long declaredSize, InputStream content, boolean allowDuplicate) {
        role.requireKnowledgeEditor();
        requireBot(botId);
        String name = fileName == null ? "" : fileName.strip();
        if (name.isEmpty()) throw new UploadRefused(Reason.INVALID, "file", "The file has no name.");
        String mime = AcceptedTypes.mimeTypeOf(name).orElseThrow(() -> new UploadRefused(Reason.UNSUPPORTED_TYPE, "file",
                "'" + shorten(name) + "' is not a supported type. Parley reads " + AcceptedTypes.describe() + "."));
        long max = properties.maxUploadSize().toBytes();
        if (declaredSize > max) throw new UploadRefused(Reason.TOO_LARGE, "file", tooLarge(name));
        DocumentEntity doc = new DocumentEntity(role.tenantId(), botId, shorten(name, 500), SourceType.FILE);
        doc.mimeType = mime;
        store(doc, content, max, allowDuplicate, name);
        if (doc.sizeBytes == 0) {
            blobs.delete(doc.blobKey);
            throw new UploadRefused(Reason.EMPTY, "file", "'" + shorten(name) + "' is empty.");
        }
        return save(doc);
    }

    /**
     * "Add anyway" after a {@link DuplicateDocument}: the duplicate's bytes are the existing
     * document's, so its stored original is added again under the new name, with no re-upload.
     */
    @Transactional
    public KnowledgeDocument addAgain(UUID existingDocumentId, String fileName) {
        role.requireKnowledgeEditor();
        DocumentEntity existing = documents.findById(existingDocumentId).orElseThrow(KnowledgeService::gone);
        try (InputStream original = Files.newInputStream(blobs.path(existing.blobKey))) {
            return addFile(existing.botId, fileName, existing.sizeBytes, original, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Transactional
    public KnowledgeDocument addText(UUID botId, String title, String body) {
        role.requireKnowledgeEditor();
        requireBot(botId);
        String cleanTitle = title == null ? "" : title.strip();
        String cleanBody = body == null ? "" : body.strip();
        if (cleanTitle.isEmpty() || cleanTitle.length() > 500) {
            throw new UploadRefused(Reason.INVALID, "title", "Give the text a title (up to 500 characters).");
        }
        if (cleanBody.isEmpty()) throw new UploadRefused(Reason.EMPTY, "body", "The text is empty.");
        byte[] bytes = cleanBody.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > properties.maxUploadSize().toBytes()) throw new UploadRefused(Reason.TOO_LARGE, "body", tooLarge(cleanTitle));
        DocumentEntity doc = new DocumentEntity(role.tenantId(), botId, cleanTitle, SourceType.TEXT);
        doc.mimeType = "text/plain";
        store(doc, new ByteArrayInputStream(bytes), Long.MAX_VALUE, true, cleanTitle);
        return save(doc);
    }

    /** A curated answer: retrieved ahead of ordinary chunks when the question matches. */
    @Transactional
    public KnowledgeDocument addQa(UUID botId, String question, String answer) {
        role.requireKnowledgeEditor();
        requireBot(botId);
        String q = question == null ? "" : question.strip().replaceAll("\\s+", " ");
        String a = answer == null ? "" : answer.strip();
        if (q.isEmpty() || q.length() > 500) throw new UploadRefused(Reason.INVALID, "question", "Write the question (up to 500 characters).");
        if (a.isEmpty() || a.length() > 10_000) throw new UploadRefused(Reason.INVALID, "answer", "Write the answer (up to 10,000 characters).");
        DocumentEntity doc = new DocumentEntity(role.tenantId(), botId, q, SourceType.QA);
        doc.mimeType = "text/plain";
        store(doc, new ByteArrayInputStream((q + "\n" + a).getBytes(StandardCharsets.UTF_8)), Long.MAX_VALUE, true, q);
        return save(doc);
    }

    @Transactional(readOnly = true)
    public List<KnowledgeDocument> list(UUID botId) {
        return documents.findByBotIdOrderByCreatedAtDesc(botId).stream().map(DocumentEntity::toView).toList();
    }

    @Transactional(readOnly = true)
    public Optional<KnowledgeDocument> find(UUID documentId) {
        return documents.findById(documentId).map(DocumentEntity::toView);
    }

    @Transactional(readOnly = true)
    public List<KnowledgeChunk> chunks(UUID documentId) {
        return jdbc.query("""
                SELECT id, document_id, ordinal, content, heading_path, page, anchor, is_qa
                FROM chunks WHERE document_id = ? ORDER BY ordinal""",
                (rs, n) -> new KnowledgeChunk(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3),
                        rs.getString(4), rs.getString(5), (Integer) rs.getObject(6), rs.getString(7), rs.getBoolean(8)),
                documentId);
    }

    /** Parses and embeds the stored original again; the current chunks stay searchable meanwhile. */
    @Transactional
    public KnowledgeDocument reindex(UUID documentId) {
        role.requireKnowledgeEditor();
        DocumentEntity doc = documents.findById(documentId).orElseThrow(KnowledgeService::gone);
        doc.attempts = 0;
        doc.moveTo(DocumentStatus.QUEUED, null);
        jobs.enqueue(new IngestionJob(doc.tenantId, doc.id));
        return doc.toView();
    }

    /** Removes the document, its chunks and vectors, and (after commit) its original. */
    @Transactional
    public void delete(UUID documentId) {
        role.requireKnowledgeEditor();
        documents.findById(documentId).ifPresent(doc -> removal.remove(List.of(doc)));
    }

    private void store(DocumentEntity doc, InputStream content, long max, boolean allowDuplicate, String name) {
        try {
            BlobStore.Stored stored = blobs.store(doc.tenantId, doc.id, content, max);
            doc.blobKey = stored.key();
            doc.sizeBytes = stored.size();
            doc.contentHash = stored.sha256();
        } catch (BlobStore.TooLarge e) {
            throw new UploadRefused(Reason.TOO_LARGE, "file", tooLarge(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!allowDuplicate) {
            var same = documents.findByBotIdAndContentHash(doc.botId, doc.contentHash);
            if (!same.isEmpty()) {
                blobs.delete(doc.blobKey);
                throw new DuplicateDocument(same.getFirst().toView());
            }
        }
        String key = doc.blobKey;
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) blobs.delete(key); // no row, no original
            }
        });
    }

    private KnowledgeDocument save(DocumentEntity doc) {
        documents.saveAndFlush(doc);
        jobs.enqueue(new IngestionJob(doc.tenantId, doc.id));
        return doc.toView();
    }

    private void requireBot(UUID botId) {
        if (botId == null || bots.find(botId).isEmpty()) throw new UploadRefused(Reason.NOT_FOUND, null, "This bot does not exist.");
    }

    private static UploadRefused gone() {
        return new UploadRefused(Reason.NOT_FOUND, null, "This document no longer exists.");
    }

    private String tooLarge(String name) {
        return "'" + shorten(name) + "' is larger than the limit of " + properties.maxUploadSize().toMegabytes() + " MB.";
    }

    private static String shorten(String s) {
        return shorten(s, 80);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
