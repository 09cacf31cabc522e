--liquibase formatted sql
-- Widget theming (issue #5): the panel's colour scheme and the bot's avatar (DD-048). bots already has
-- RLS and the app role's table grants (006), which cover new columns.

--changeset parley:023-bot-theme
ALTER TABLE bots ADD COLUMN theme text NOT NULL DEFAULT 'auto' CHECK (theme IN ('auto', 'light', 'dark'));

--changeset parley:023-bot-avatar
-- Only a PNG Parley re-encoded itself (at most 128×128, so a few KB); the version names that exact image
-- in the avatar's public URL, so browsers may cache it for good. Both set or both empty.
ALTER TABLE bots
    ADD COLUMN avatar bytea CHECK (octet_length(avatar) <= 262144),
    ADD COLUMN avatar_version text CHECK (avatar_version ~ '^[0-9a-f]{16}$'),
    ADD CONSTRAINT bots_avatar_complete CHECK ((avatar IS NULL) = (avatar_version IS NULL));
