--liquibase formatted sql
-- The embed page's install check: where a bot's widget was last seen, and which sites tried to
-- load it without being allowed (docs/decisions/DD-045-preview-embed-install-check.md).

--changeset parley:020-widget-sightings
-- One row per bot and page origin. Written by the widget API at most once per bot, origin and
-- minute; the widget module keeps the newest rows per bot only, so forged Origin headers cannot
-- grow it without bound.
CREATE TABLE widget_sightings (
    tenant_id       uuid NOT NULL,
    id              uuid NOT NULL,
    bot_id          uuid NOT NULL,
    origin          text NOT NULL CHECK (length(origin) BETWEEN 8 AND 300),
    last_allowed_at timestamptz,
    last_denied_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, bot_id, origin),
    CHECK (last_allowed_at IS NOT NULL OR last_denied_at IS NOT NULL),
    FOREIGN KEY (tenant_id, bot_id) REFERENCES bots (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE widget_sightings ENABLE ROW LEVEL SECURITY;
ALTER TABLE widget_sightings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON widget_sightings
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

--changeset parley:020-grants runOnChange:true
GRANT SELECT, INSERT, UPDATE, DELETE ON widget_sightings TO ${app_role};
