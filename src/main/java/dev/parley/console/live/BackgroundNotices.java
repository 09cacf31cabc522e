package dev.parley.console.live;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.shared.Registration;
import dev.parley.console.support.Viewer;
import dev.parley.knowledge.DocumentFailed;
import dev.parley.knowledge.DocumentIngested;
import dev.parley.knowledge.KnowledgeDocument;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.webhooks.WebhookFailing;
import java.util.Optional;
import java.util.UUID;

/**
 * Tells everyone of a workspace with the console open when a document finished indexing or failed,
 * and those who manage integrations when a webhook endpoint starts failing, whichever page they are
 * on. Invisible itself; lives in the main layout.
 */
public class BackgroundNotices extends Div {

    static final int DURATION_MS = 6000;

    private final LiveUpdates live;
    private final KnowledgeService knowledge;
    private final UUID tenant;
    private final boolean managesIntegrations;
    private final Viewer viewer = Viewer.current();
    private Registration registration;

    public BackgroundNotices(LiveUpdates live, KnowledgeService knowledge, UUID tenant, boolean managesIntegrations) {
        this.live = live;
        this.knowledge = knowledge;
        this.tenant = tenant;
        this.managesIntegrations = managesIntegrations;
        setVisible(false);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        registration = live.subscribe(tenant, event.getUI(), e -> {
            switch (e) {
                case DocumentIngested ready -> notice("“" + title(ready.documentId()) + "” is ready: "
                        + ready.chunkCount() + (ready.chunkCount() == 1 ? " chunk" : " chunks") + " indexed.", false);
                case DocumentFailed failed -> notice("“" + title(failed.documentId()) + "” could not be indexed: "
                        + failed.reason(), true);
                case WebhookFailing failing when managesIntegrations -> notice("Webhook " + failing.url()
                        + (failing.disabled() ? " was switched off: " : " is failing: ") + failing.reason(), true);
                default -> { }
            }
        });
    }

    private String title(UUID documentId) {
        Optional<KnowledgeDocument> doc = viewer.call(() -> knowledge.find(documentId));
        return doc.map(KnowledgeDocument::title).orElse("A document");
    }

    private static void notice(String text, boolean failed) {
        Notification n = Notification.show(text, failed ? 2 * DURATION_MS : DURATION_MS, Notification.Position.BOTTOM_END);
        n.addThemeVariants(failed ? NotificationVariant.LUMO_ERROR : NotificationVariant.LUMO_SUCCESS);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (registration != null) registration.remove();
        registration = null;
    }
}
