--liquibase formatted sql
-- The runtime role reads and writes rows, nothing more: no TRUNCATE, no DDL, no ownership.

--changeset parley:006-grants runOnChange:true
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON
    tenants, users, memberships, invitations, bots, api_keys,
    documents, chunks, conversations, messages, feedback, audit_log, login_failures
    TO ${app_role};
GRANT EXECUTE ON FUNCTION parley_find_login(text), parley_my_tenants(), parley_find_invitation(text),
    parley_find_api_key(text) TO ${app_role};
