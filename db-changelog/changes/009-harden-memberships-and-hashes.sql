--liquibase formatted sql
-- Two gaps the isolation suite found:
-- 1. Any tenant could insert a membership for any existing user id, which made that person's
--    users row visible to it. People join only themselves (sign-up, accepting an invitation):
--    a membership row may be inserted only for the user bound to the transaction.
-- 2. Co-members could read each other's password hashes. The app role now reads users' public
--    columns only; hashes are read through parley_find_login alone.

--changeset parley:009-memberships-join-self
CREATE POLICY insert_self_only ON memberships AS RESTRICTIVE FOR INSERT
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

--changeset parley:009-users-columns runOnChange:true
REVOKE SELECT ON users FROM ${app_role};
GRANT SELECT (id, email, display_name, created_at, last_login_at) ON users TO ${app_role};
