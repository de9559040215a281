-- Signport local database layout. Applied by `./signport infra up` as the cluster superuser
-- over the unix socket, on every start: every statement is idempotent.
--
--   database  signport
--   roles     platform, document, envelope, webhook, connector, signer   (LOGIN, password = name)
--   schemas   one per role, same name, owned by it; search_path = that schema
--   ratelimit shared schema with the per-key request budget (platform's RateLimiter, GCRA)
--
-- Each service owns its schema (Flyway runs as the service role); no service reads another's tables.

\set ON_ERROR_STOP on

SELECT 'CREATE DATABASE signport ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'signport')
\gexec

\connect signport

-- PostgreSQL 15 already does this for new databases; keep it explicit.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

DO $$
DECLARE
    svc text;
BEGIN
    FOREACH svc IN ARRAY ARRAY['platform', 'document', 'envelope', 'webhook', 'connector', 'signer'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = svc) THEN
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', svc, svc);
        ELSE
            EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', svc, svc);
        END IF;
        EXECUTE format('ALTER ROLE %I SET search_path = %I', svc, svc);
        EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE signport TO %I', svc);
        EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', svc, svc);
        EXECUTE format('ALTER SCHEMA %I OWNER TO %I', svc, svc);
    END LOOP;
END
$$;

-- Rate limits are held across replicas and services in one table: one row per API key with its
-- GCRA state (platform's RateLimiter): tat = theoretical arrival time in epoch microseconds (the
-- budget is full when tat <= now), granted = tokens the last call took, seen = its time. Rows of
-- keys idle for an hour are deleted by the services' housekeeping.
CREATE SCHEMA IF NOT EXISTS ratelimit AUTHORIZATION CURRENT_USER;
CREATE TABLE IF NOT EXISTS ratelimit.key_budget (
    key     text   PRIMARY KEY,
    tat     bigint NOT NULL,
    granted bigint NOT NULL,
    seen    bigint NOT NULL
) WITH (fillfactor = 70);

DO $$
DECLARE
    svc text;
BEGIN
    FOREACH svc IN ARRAY ARRAY['platform', 'document', 'envelope', 'webhook', 'connector', 'signer'] LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA ratelimit TO %I', svc);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ratelimit.key_budget TO %I', svc);
    END LOOP;
END
$$;
