package dev.parley.knowledge;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;

/**
 * Durable, cluster-safe ingestion jobs on db-scheduler. Jobs are scheduled through a
 * transaction-aware data source, so a job row is committed together with its document row or not
 * at all. A node killed mid-job stops sending heartbeats; after about 20 s another node (or this
 * one after a restart) revives the job.
 */
@Component
class IngestionScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestionScheduler.class);

    private final Scheduler scheduler;
    private final OneTimeTask<IngestionJob> task;
    private volatile boolean running;

    IngestionScheduler(DataSource dataSource, IngestionPipeline pipeline, KnowledgeProperties properties) {
        // Retries are decided by the pipeline (it knows permanent from transient failures); the
        // handler only spaces them out.
        FailureHandler<IngestionJob> backoff = new FailureHandler.ExponentialBackoffFailureHandler<>(properties.retryBackoff(), 3.0);
        this.task = Tasks.oneTime(IngestionJob.TASK, IngestionJob.class)
                .onFailure(backoff)
                .execute((instance, context) -> {
                    var outcome = pipeline.run(instance.getData());
                    if (outcome instanceof IngestionPipeline.Outcome.Failed failed && failed.retry()) {
                        throw new IllegalStateException(failed.reason()); // db-scheduler reschedules with backoff
                    }
                });
        this.scheduler = Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), task)
                .threads(2)
                .pollingInterval(Duration.ofSeconds(2))
                .heartbeatInterval(Duration.ofSeconds(5))
                .missedHeartbeatsLimit(4)
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
    }

    /** Call inside the transaction that writes the document row. */
    void enqueue(IngestionJob job) {
        client().scheduleIfNotExists(task.instance(job.instanceId(), job), Instant.now());
    }

    SchedulerClient client() {
        return scheduler;
    }

    @Override
    public void start() {
        scheduler.start();
        running = true;
        log.info("Ingestion jobs running");
    }

    @Override
    public void stop() {
        scheduler.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

}
