package dev.parley.console.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vaadin.browserless.BrowserlessUIContext;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.shared.Registration;
import dev.parley.chat.ConversationStarted;
import dev.parley.console.ConsoleTest;
import dev.parley.console.conversations.ConversationsView;
import dev.parley.console.home.HomeView;
import dev.parley.knowledge.DocumentFailed;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import dev.parley.webhooks.WebhookFailing;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

/** Events reach only their own workspace's windows; views stop listening when they detach. */
class LiveUpdatesTest extends ConsoleTest {

    @Autowired LiveUpdates live;
    @Autowired ApplicationEventPublisher events;

    @Test
    void onlyTheEventsOwnWorkspaceHearsIt() throws Exception {
        ParleyPrincipal a = newWorkspace("A Co");
        ParleyPrincipal b = newWorkspace("B Co");
        BrowserlessUIContext window = window(a);
        List<Object> heard = new CopyOnWriteArrayList<>();
        Registration registration = live.subscribe(a.tenant().value(), window.getUI(), heard::add);

        ConversationStarted other = new ConversationStarted(b.tenant().value(), UUID.randomUUID(), UUID.randomUUID(), "v");
        ConversationStarted mine = new ConversationStarted(a.tenant().value(), UUID.randomUUID(), UUID.randomUUID(), "v");
        events.publishEvent(other);
        events.publishEvent(mine);
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> {
            runPushedWork(window);
            return heard.contains(mine);
        });
        Thread.sleep(200);
        runPushedWork(window);
        assertThat(heard).containsExactly(mine);

        registration.remove();
        events.publishEvent(mine);
        Thread.sleep(200);
        runPushedWork(window);
        assertThat(heard).hasSize(1);
    }

    /** Browserless windows hold their session's lock, so work pushed from other threads waits for the test to run it. */
    static void runPushedWork(BrowserlessUIContext window) {
        window.activate();
        var session = window.getUI().getSession();
        session.getService().runPendingAccessTasks(session);
    }

    @Test
    void viewsUnsubscribeWhenTheyDetachAndTheLayoutNotifiesOfFailedDocuments() {
        ParleyPrincipal owner = newWorkspace("Notice Co");
        UUID tenant = owner.tenant().value();
        BrowserlessUIContext window = window(owner);
        int layoutOnly = live.subscribers(tenant);
        window.navigate(ConversationsView.class);
        assertThat(live.subscribers(tenant)).isEqualTo(layoutOnly + 1);
        window.navigate(HomeView.class);
        assertThat(live.subscribers(tenant)).isEqualTo(layoutOnly);

        events.publishEvent(new DocumentFailed(tenant, UUID.randomUUID(), "The file is encrypted."));
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> {
            runPushedWork(window);
            return window.find(Notification.class).all().stream()
                    .anyMatch(n -> n.getElement().getProperty("text", "").contains("could not be indexed: The file is encrypted."));
        });
    }

    @Test
    void aFailingWebhookIsToldToThoseWhoManageIntegrationsOnly() throws Exception {
        ParleyPrincipal owner = newWorkspace("Hook Notice Co");
        ParleyPrincipal support = newMember(owner, Role.SUPPORT);
        BrowserlessUIContext ownerWindow = window(owner);
        BrowserlessUIContext supportWindow = window(support);
        events.publishEvent(new WebhookFailing(owner.tenant().value(), UUID.randomUUID(), "https://hooks.example.test/in",
                "HTTP 500 after 5 attempts", false));
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> {
            runPushedWork(ownerWindow);
            return ownerWindow.find(Notification.class).all().stream().anyMatch(n -> n.getElement().getProperty("text", "")
                    .equals("Webhook https://hooks.example.test/in is failing: HTTP 500 after 5 attempts"));
        });
        Thread.sleep(200);
        runPushedWork(supportWindow);
        assertThat(supportWindow.find(Notification.class).all()).noneMatch(n -> n.getElement().getProperty("text", "").contains("Webhook"));
    }
}
