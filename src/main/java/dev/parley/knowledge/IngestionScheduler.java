package dev.parley.knowledge;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceException;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;

/**
 * Durable, cluster-safe ingestion jobs on db-scheduler. Jobs are scheduled through a
 * transaction-aware data source, so a job row is committed together with its document row or not
 * at all. A node killed mid-job stops sending heartbeats; after about 20 s another node (or this
 * one after a restart) revives the job.
 *
 * <p>Web sources sync on the same scheduler: one execution per source, which reschedules itself
 * for the source's next re-sync when it completes (or removes itself when there is none).
 */
@Component
class IngestionScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestionScheduler.class);

    private final OneTimeTask<IngestionJob> task;
    private final CustomTask<SourceSyncJob> syncTask;
    private final CustomTask<ModelSwitchJob> switchTask;
    private final DataSource dataSource;
    private final SchedulerClient client;
    private volatile Scheduler scheduler;
    /** Chunks per switch step: a few seconds of local embedding. */
    static final int SWITCH_STEP = 256;

    IngestionScheduler(DataSource dataSource, IngestionPipeline pipeline, ObjectProvider<SourceSync> sourceSync,
                       ModelSwitch modelSwitch, KnowledgeProperties properties) {
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
        // The sync catches its own failures; this only covers the database being away meanwhile.
        this.syncTask = Tasks.custom(SourceSyncJob.TASK, SourceSyncJob.class)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(Duration.ofMinutes(10)))
                .execute((instance, context) -> {
                    Optional<Instant> next = sourceSync.getObject().run(instance.getData());
                    return next.<CompletionHandler<SourceSyncJob>>map(at -> (complete, ops) -> ops.reschedule(complete, at))
                            .orElseGet(CompletionHandler.OnCompleteRemove::new);
                });
        // A switch runs in steps, each rescheduled behind what is already due (documents queued meanwhile).
        // A failed one (service down, key revoked) is retried later and later; search keeps the old model meanwhile.
        this.switchTask = Tasks.custom(ModelSwitchJob.TASK, ModelSwitchJob.class)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(30), 2.0))
                .execute((instance, context) -> modelSwitch.step(instance.getData(), SWITCH_STEP)
                        ? new CompletionHandler.OnCompleteRemove<>()
                        : (complete, ops) -> ops.reschedule(complete, Instant.now()));
        this.dataSource = new TransactionAwareDataSourceProxy(dataSource);
        this.client = SchedulerClient.Builder.create(this.dataSource, task, syncTask, switchTask).build();
    }

    // A db-scheduler Scheduler cannot start again once stopped, so each start builds a new one
    // (Spring may stop and restart the context, e.g. the test framework pauses idle contexts).
    private Scheduler newScheduler() {
        // Crawls mostly wait (network, politeness delays), so two more threads keep two running
        // crawls from holding back ingestion.
        return Scheduler.create(dataSource, task, syncTask, switchTask)
                .threads(4)
                .pollingInterval(Duration.ofSeconds(2))
                .heartbeatInterval(Duration.ofSeconds(5))
                .missedHeartbeatsLimit(4)
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
    }

    /**
     * Call inside the transaction that writes the document row. A job already waiting will read the
     * latest row and original when it runs; one already running may have read them, so a follow-up
     * run is queued behind it.
     */
    void enqueue(IngestionJob job) {
        var waiting = client().getScheduledExecution(TaskInstanceId.of(IngestionJob.TASK, job.instanceId()));
        String instance = waiting.isPresent() && waiting.get().isPicked() ? job.instanceId() + IngestionJob.RERUN : job.instanceId();
        client().scheduleIfNotExists(task.instance(instance, job), Instant.now());
    }

    /** Moves the bot to the configured embedding model in the background, unless a switch is already queued. */
    void scheduleModelSwitch(ModelSwitchJob job) {
        client().scheduleIfNotExists(switchTask.instance(job.instanceId(), job), Instant.now());
    }

    /** Call inside the transaction that writes the source row: its first sync, now. */
    void scheduleSync(SourceSyncJob job) {
        client().scheduleIfNotExists(syncTask.instance(job.instanceId(), job), Instant.now());
    }

    /** Moves the source's next sync to now; false when a sync of it is running at this moment. */
    boolean requestSync(SourceSyncJob job) {
        TaskInstanceId id = TaskInstanceId.of(SourceSyncJob.TASK, job.instanceId());
        try {
            var existing = client().getScheduledExecution(id);
            if (existing.isEmpty()) return client().scheduleIfNotExists(syncTask.instance(job.instanceId(), job), Instant.now());
            return !existing.get().isPicked() && client().reschedule(id, Instant.now());
        } catch (TaskInstanceException e) {
            return false; // picked between the look-up and the reschedule
        }
    }

    /** Drops the source's pending sync; a running one notices the source is gone and stops. */
    void cancelSync(SourceSyncJob job) {
        TaskInstanceId id = TaskInstanceId.of(SourceSyncJob.TASK, job.instanceId());
        try {
            if (client().getScheduledExecution(id).filter(e -> !e.isPicked()).isPresent()) client().cancel(id);
        } catch (TaskInstanceException e) {
            // picked meanwhile: it removes itself when it finds no source
        }
    }

    SchedulerClient client() {
        return client;
    }

    @Override
    public synchronized void start() {
        scheduler = newScheduler();
        scheduler.start();
        log.info("Ingestion jobs running");
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
