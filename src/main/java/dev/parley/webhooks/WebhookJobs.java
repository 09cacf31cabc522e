package dev.parley.webhooks;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;

/**
 * Durable, cluster-safe delivery jobs on db-scheduler, in a table of their own (DD-046): a scheduler
 * polling another's rows logs them as unknown tasks and, after 14 days, deletes them. Each delivery is one execution that reschedules itself
 * for its next attempt. Jobs run on virtual threads, so a receiver that never answers holds one
 * cheap thread until its timeout and nothing else waits for it.
 */
@Component
class WebhookJobs implements SmartLifecycle {

    /** db-scheduler's table for these jobs (db-changelog 022); the knowledge module's stay in scheduled_tasks. */
    static final String TABLE = "webhook_tasks";

    private final CustomTask<DeliveryJob> task;
    private final DataSource dataSource;
    private final SchedulerClient client;
    private final WebhookProperties properties;
    private volatile Scheduler scheduler;

    WebhookJobs(DataSource dataSource, ObjectProvider<WebhookDispatcher> dispatcher, WebhookProperties properties) {
        this.properties = properties;
        // The dispatcher decides retries itself; this covers the database being away meanwhile.
        this.task = Tasks.custom(DeliveryJob.TASK, DeliveryJob.class)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(Duration.ofMinutes(1)))
                .execute((instance, context) -> dispatcher.getObject().attempt(instance.getData())
                        .<CompletionHandler<DeliveryJob>>map(at -> (complete, ops) -> ops.reschedule(complete, at))
                        .orElseGet(CompletionHandler.OnCompleteRemove::new));
        this.dataSource = new TransactionAwareDataSourceProxy(dataSource);
        this.client = SchedulerClient.Builder.create(this.dataSource, task).tableName(TABLE).build();
    }

    /** Call inside the transaction that writes the delivery row: both commit or neither. */
    void schedule(DeliveryJob job) {
        client.scheduleIfNotExists(task.instance(job.instanceId(), job), Instant.now());
    }

    @Override
    public synchronized void start() {
        // A stopped db-scheduler Scheduler cannot start again, so each start builds a new one.
        scheduler = Scheduler.create(dataSource, task)
                .tableName(TABLE)
                .threads(properties.threads())
                .executorService(Executors.newVirtualThreadPerTaskExecutor())
                .pollingInterval(properties.pollingInterval())
                .heartbeatInterval(Duration.ofSeconds(5))
                .missedHeartbeatsLimit(4)
                .shutdownMaxWait(Duration.ofSeconds(5))
                .build();
        scheduler.start();
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) scheduler.stop();
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
