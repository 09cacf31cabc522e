package dev.parley.webhooks;

import static dev.parley.webhooks.WebhookDeliveryTest.await;
import static dev.parley.webhooks.WebhookDeliveryTest.input;
import static dev.parley.webhooks.WebhookDeliveryTest.pause;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;

/** DD-046: webhook jobs live in webhook_tasks, where the knowledge module's scheduler never meets them. */
class WebhookJobsTableTest extends IntegrationTest {

    @Autowired TestWorkspaces workspaces;
    @Autowired WebhookService webhooks;
    @Autowired WebhookJobs jobs;
    @Autowired ApplicationContext context;
    @Autowired JdbcClient jdbc;

    @Test
    void aDeliveryWaitsInWebhookTasksAndNeitherSchedulerMeetsAnUnknownTask() throws Exception {
        SmartLifecycle ingestion = context.getBean("ingestionScheduler", SmartLifecycle.class);
        Logger schedulerLog = (Logger) LoggerFactory.getLogger("com.github.kagkarlsson.scheduler");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        schedulerLog.addAppender(logged);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            workspaces.newOwner();
            UUID endpoint = webhooks.create(input(receiver.url("/ok"), WebhookEvent.CONVERSATION_CREATED)).endpoint().id();
            // A scheduler reports an unknown task name once in its life, so both start afresh below,
            // the ingestion one first, while the delivery is due and no webhook scheduler takes it.
            jobs.stop();
            ingestion.stop();
            UUID delivery = webhooks.sendTest(endpoint);
            assertThat(taskNames("webhook_tasks", delivery)).containsExactly(DeliveryJob.TASK);
            assertThat(taskNames("scheduled_tasks", delivery)).isEmpty();

            ingestion.start();
            pause(Duration.ofMillis(2500)); // its first poll runs at start, the next after 2 s
            jobs.start();
            await(() -> receiver.at("/ok").isEmpty() ? null : true, Duration.ofSeconds(10));
            await(() -> taskNames("webhook_tasks", delivery).isEmpty() ? true : null, Duration.ofSeconds(10));
        } finally {
            if (!ingestion.isRunning()) ingestion.start();
            if (!jobs.isRunning()) jobs.start();
            schedulerLog.detachAppender(logged);
            SecurityContextHolder.clearContext();
        }
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("unknown task-name") || m.contains("Failed to find implementation"));
    }

    List<String> taskNames(String table, UUID delivery) {
        return jdbc.sql("SELECT task_name FROM " + table + " WHERE task_instance = ?").param(delivery.toString())
                .query(String.class).list();
    }
}
