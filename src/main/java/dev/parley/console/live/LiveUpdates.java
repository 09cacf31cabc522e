package dev.parley.console.live;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.shared.Registration;
import dev.parley.chat.ConversationResolved;
import dev.parley.chat.ConversationStarted;
import dev.parley.chat.FeedbackGiven;
import dev.parley.chat.MessageAnswered;
import dev.parley.knowledge.DocumentFailed;
import dev.parley.knowledge.DocumentIngested;
import dev.parley.unanswered.QuestionFiled;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import dev.parley.webhooks.WebhookFailing;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Pushes chat and knowledge events to the open console windows of the event's workspace, and only
 * of that workspace. Each delivery runs on its own virtual thread under the window's lock
 * ({@link UI#access}), so a visitor's answer stream never waits for a console, and Vaadin Push
 * sends the change. Events of this node only; see DD-040 for several nodes.
 */
@Component
public class LiveUpdates {

    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

    private record Subscriber(UI ui, Consumer<Object> handler) {}

    private final Map<UUID, Set<Subscriber>> byTenant = new ConcurrentHashMap<>();
    private final ExecutorService deliveries = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("console-push-", 0).factory());

    /**
     * Calls {@code handler} under {@code ui}'s lock for each event of {@code tenantId}. Remove the
     * registration when the component detaches.
     */
    public Registration subscribe(UUID tenantId, UI ui, Consumer<Object> handler) {
        Subscriber subscriber = new Subscriber(ui, handler);
        byTenant.computeIfAbsent(tenantId, t -> ConcurrentHashMap.newKeySet()).add(subscriber);
        return () -> byTenant.computeIfPresent(tenantId, (t, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    int subscribers(UUID tenantId) {
        return byTenant.getOrDefault(tenantId, Set.of()).size();
    }

    @EventListener
    void on(ConversationStarted e) {
        publish(e.tenantId(), e);
    }

    @EventListener
    void on(MessageAnswered e) {
        publish(e.tenantId(), e);
    }

    @EventListener
    void on(ConversationResolved e) {
        publish(e.tenantId(), e);
    }

    @EventListener
    void on(FeedbackGiven e) {
        publish(e.tenantId(), e);
    }

    @EventListener
    void on(QuestionFiled e) {
        publish(e.tenantId(), e);
    }

    @EventListener
    void on(DocumentIngested e) {
        publish(e.tenantId(), e);
    }

    @EventListener
    void on(DocumentFailed e) {
        publish(e.tenantId(), e);
    }

    @EventListener
    void on(WebhookFailing e) {
        publish(e.tenantId(), e);
    }

    private void publish(UUID tenantId, Object event) {
        for (Subscriber s : byTenant.getOrDefault(tenantId, Set.of())) {
            deliveries.execute(() -> {
                try {
                    s.ui().access(() -> s.handler().accept(event));
                } catch (UIDetachedException gone) {
                    // closed meanwhile; its detach listener removes the subscription
                } catch (RuntimeException e) {
                    log.warn("Live update {} to a console window failed", event.getClass().getSimpleName(), e);
                }
            });
        }
    }

    @PreDestroy
    void stop() {
        deliveries.shutdownNow();
    }
}
