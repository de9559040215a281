-- Signport local database layout. Applied by `./signport infra up` as the cluster superuser
-- over the unix socket, on every start: every statement is idempotent.
--
--   database  signport
--   roles     platform, document, envelope, webhook, connector   (LOGIN, password = name)
--   schemas   one per role, same name, owned by it; search_path = that schema
--   ratelimit shared schema with the Bucket4j table (PostgreSQLSelectForUpdateBasedProxyManager)
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
    FOREACH svc IN ARRAY ARRAY['platform', 'document', 'envelope', 'webhook', 'connector'] LOOP
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

-- Rate limits are held across replicas and services in one Bucket4j table.
-- Shape expected by bucket4j_jdk17-postgresql 8.18 (PostgreSQLSelectForUpdateBasedProxyManager,
-- defaults table "bucket", columns id / state / expires_at): the id is bound with
-- PreparedStatement.setString (PrimaryKeyMapper.STRING), the state with setBytes, and
-- expires_at with setLong (epoch millis) when an expiration strategy is configured.
-- Configure the proxy manager with table name "ratelimit.bucket".
CREATE SCHEMA IF NOT EXISTS ratelimit AUTHORIZATION CURRENT_USER;
CREATE TABLE IF NOT EXISTS ratelimit.bucket (
    id         VARCHAR PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
-- removeExpired(): DELETE ... WHERE expires_at < ? ... LIMIT ? FOR UPDATE SKIP LOCKED
CREATE INDEX IF NOT EXISTS bucket_expires_at_idx ON ratelimit.bucket (expires_at);

DO $$
DECLARE
    svc text;
BEGIN
    FOREACH svc IN ARRAY ARRAY['platform', 'document', 'envelope', 'webhook', 'connector'] LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA ratelimit TO %I', svc);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ratelimit.bucket TO %I', svc);
    END LOOP;
END
$$;
