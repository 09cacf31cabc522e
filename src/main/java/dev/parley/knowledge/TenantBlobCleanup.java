package dev.parley.knowledge;

import dev.parley.tenancy.TenantDeleted;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A deleted workspace's originals go with it. Only after the delete committed: a rolled-back delete
 * must keep its files. A failure is logged with the folder to remove by hand.
 */
@Component
class TenantBlobCleanup {

    private static final Logger log = LoggerFactory.getLogger(TenantBlobCleanup.class);

    private final BlobStore blobs;

    TenantBlobCleanup(BlobStore blobs) {
        this.blobs = blobs;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onTenantDeleted(TenantDeleted deleted) {
        try {
            blobs.deleteTenant(deleted.tenantId());
        } catch (IOException | RuntimeException e) {
            log.error("Workspace {} was deleted but its files were not; remove {} by hand", deleted.tenantId(),
                    blobs.path(deleted.tenantId().toString()), e);
        }
    }
}
