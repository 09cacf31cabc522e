--liquibase formatted sql
-- Identified widget visitors (Parley.identify): each bot's secret for verifying the site's JWTs, and
-- who an identified visitor said they are, on their conversations (docs/decisions/DD-032-widget-identity.md).

--changeset parley:016-bots-identity-secret
-- HS256 secret shared with the site's server, sealed with platform.SecretBox (its key never enters the
-- database); null: the bot accepts no identified visitors. bots already has RLS and the app role's grants.
ALTER TABLE bots ADD COLUMN identity_secret_sealed text;

--changeset parley:016-conversations-visitor-identity
-- Name and e-mail from the verified token of an identified visitor, for the people reading transcripts.
ALTER TABLE conversations
    ADD COLUMN visitor_name  text CHECK (length(visitor_name) <= 200),
    ADD COLUMN visitor_email text CHECK (length(visitor_email) <= 320);
