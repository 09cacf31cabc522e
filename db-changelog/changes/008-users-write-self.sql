--liquibase formatted sql
-- self_or_member is a policy FOR ALL: it let any tenant a person belongs to DELETE that person's
-- users row, and the delete cascades into every other tenant's memberships and invitations.
-- Restrictive policies are ANDed with it: tenants still see their members, only the person
-- (app.user_id) may change or delete their own row.

--changeset parley:008-users-write-self
CREATE POLICY update_self_only ON users AS RESTRICTIVE FOR UPDATE
    USING (id = nullif(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY delete_self_only ON users AS RESTRICTIVE FOR DELETE
    USING (id = nullif(current_setting('app.user_id', true), '')::uuid);
