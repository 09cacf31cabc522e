package dev.parley.knowledge;

import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Removing documents, whoever asks (a person, a web re-sync, a deleted source): rows, chunks and
 * vectors in the caller's transaction, text they held handed on to documents that shared it, and
 * their originals deleted once the transaction has committed.
 */
@Component
class DocumentRemoval {

    private final DocumentRepository documents;
    private final SharedText shared;
    private final BlobStore blobs;

    DocumentRemoval(DocumentRepository documents, SharedText shared, BlobStore blobs) {
        this.documents = documents;
        this.shared = shared;
        this.blobs = blobs;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void remove(List<DocumentEntity> docs) {
        if (docs.isEmpty()) return;
        List<String> hashes = shared.hashesOf(docs.stream().map(d -> d.id).toList());
        documents.deleteAll(docs);
        documents.flush();
        docs.stream().map(d -> d.botId).distinct().forEach(bot -> shared.requeueDependents(bot, hashes));
        List<String> keys = docs.stream().map(d -> d.blobKey).toList();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                keys.forEach(blobs::delete);
            }
        });
    }
}
