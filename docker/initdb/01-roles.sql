-- Runs once, when the database container initialises an empty volume: psql as the superuser
-- (POSTGRES_USER), connected to POSTGRES_DB. Role names and passwords come from the container's
-- environment through psql's \getenv (PostgreSQL 15+), so no secret is written in this file.
-- The same shape as the embedded launcher's bootstrap (dev.parley.platform.EmbeddedPostgres).
\set ON_ERROR_STOP on
\getenv owner_user PARLEY_DB_OWNER_USER
\getenv owner_password PARLEY_DB_OWNER_PASSWORD
\getenv app_user PARLEY_DB_APP_USER
\getenv app_password PARLEY_DB_APP_PASSWORD

\if :{?owner_user}
\else
\set owner_user parley_owner
\endif
\if :{?app_user}
\else
\set app_user parley_app
\endif
\if :{?owner_password}
\else
DO $$ BEGIN RAISE EXCEPTION 'Set PARLEY_DB_OWNER_PASSWORD for the database container'; END $$;
\endif
\if :{?app_password}
\else
DO $$ BEGIN RAISE EXCEPTION 'Set PARLEY_DB_APP_PASSWORD for the database container'; END $$;
\endif

-- Schema owner: runs the migrations and owns every object. BYPASSRLS for maintenance only;
-- the running application never logs in as this role.
CREATE ROLE :"owner_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS PASSWORD :'owner_password';

-- Runtime role: owns nothing, not superuser, subject to row-level security on every tenant table.
CREATE ROLE :"app_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT PASSWORD :'app_password';
-- A generic cached plan built for one tenant can be badly wrong for another.
ALTER ROLE :"app_user" SET plan_cache_mode = force_custom_plan;

ALTER DATABASE :"DBNAME" OWNER TO :"owner_user";
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"DBNAME" TO :"app_user";

-- pgvector is not a trusted extension: only a superuser may create it. The migrations' own
-- CREATE EXTENSION IF NOT EXISTS then finds it.
CREATE EXTENSION IF NOT EXISTS vector;
