--liquibase formatted sql
-- Webhook delivery jobs get a db-scheduler table of their own (DD-046). On the shared
-- scheduled_tasks table each scheduler met the other's rows as unknown tasks: it logged them and,
-- after 14 days of uptime, db-scheduler deletes executions of tasks it cannot resolve.

--changeset parley:022-webhook-tasks
-- The shape of 007's scheduled_tasks (db-scheduler's PostgreSQL DDL). Not tenant data, like it:
-- task_data holds a tenant id and a delivery id, which the job binds before it reads anything.
CREATE TABLE webhook_tasks (
    task_name            text NOT NULL,
    task_instance        text NOT NULL,
    task_data            bytea,
    execution_time       timestamptz NOT NULL,
    picked               boolean NOT NULL,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures integer,
    last_heartbeat       timestamptz,
    version              bigint NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX webhook_tasks_execution_time_idx ON webhook_tasks (execution_time);
CREATE INDEX webhook_tasks_last_heartbeat_idx ON webhook_tasks (last_heartbeat);
CREATE INDEX webhook_tasks_priority_execution_time_idx ON webhook_tasks (priority DESC, execution_time ASC);

--changeset parley:022-move-pending-webhook-jobs
-- Deliveries still waiting at the upgrade move over as they are; one a stopped node had picked is
-- revived by the new table's scheduler once its heartbeat is stale, as it would have been before.
INSERT INTO webhook_tasks SELECT task_name, task_instance, task_data, execution_time, picked, picked_by, last_success,
       last_failure, consecutive_failures, last_heartbeat, version, priority
FROM scheduled_tasks WHERE task_name = 'webhook-delivery';
DELETE FROM scheduled_tasks WHERE task_name = 'webhook-delivery';

--changeset parley:022-grants runOnChange:true
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_tasks TO ${app_role};
