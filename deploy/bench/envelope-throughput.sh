#!/usr/bin/env bash
# What envelope-service adds on top of PostgreSQL when it creates envelopes, and how long a send takes to
# come back as envelope.sent (issue 9, "Performance"). In ONE run on the same machine:
#
#  (a) the raw PostgreSQL ceiling: pgbench, CONNECTIONS clients, one transaction per envelope made of the
#      statements the service issues for POST /api/v1/envelopes (listed in the report): the Idempotency-Key
#      claim (IdempotencyStore.CLAIM, own statement), the document lookup, then in one transaction the
#      outbox row with its outbox_topic_sequence upsert (Outbox.INSERT, same SQL), the envelope row (the
#      same 34 columns and JSON text values as Hibernate writes them), pg_notify, the audit_entry row and the
#      idempotency completion (IdempotencyStore.COMPLETE). It runs in a scratch schema created by the same
#      migrations as the service's (platform db/platform + envelope-service db/migration), dropped at the end,
#      so its outbox rows are never published.
#  (b) POST /api/v1/envelopes through the real service (API-key auth, rate limit on with a budget so large
#      that nothing is refused, a fresh Idempotency-Key per request from a wrk Lua script, validation against
#      a known document) with wrk over as many connections, after a warm-up; req/s, p50/p99 and (b)/(a).
#      Then the same route at PACED_FRACTION (70 %) of (b)'s req/s at a fixed rate (open model, latency from
#      each request's scheduled time: the installed wrk has no -R), by deploy/bench/EnvelopeBench.java.
#  (c) POST /api/v1/envelopes/{id}/send?wait=0 until envelope.sent is read from signport.envelope-events.v1,
#      SENDS envelopes one at a time, then SENDS with SEND_PARALLEL senders (without Idempotency-Key; one send
#      with a key is probed separately and its status reported). There is no `local` connector
#      yet: EnvelopeBench.java answers command.send_envelope of the bench tenant on
#      signport.provider.local.commands.v1 at once with provider.accepted (other tenants' commands are left
#      alone); `local` is announced on signport.provider-capabilities.v1 first.
#
# Targets (figures, never a reason to fail): (b)/(a) >= 0.50; p99 < 50 ms at 70 % of (b)'s peak. The run
# fails only when a request of (b) got anything but 201 (or a socket error), or a send timed out.
#
# The service runs from envelope-service/target/quarkus-app (built with `./mvnw -pl envelope-service -am
# package` if missing, or always with BUILD=1) in its own scratch schema envelope_bench_api (same migrations,
# search_path set through the datasource URLs), so that it shares no rows, outbox, inbox or timers with an
# envelope-service (or test) using the schema `envelope` at the same time; its Kafka consumers use the groups
# envelope-service-bench.<channel>. Creating/dropping the two scratch schemas needs the PostgreSQL superuser
# (SIGNPORT_PG_SUPERUSER/SIGNPORT_PG_SUPERPASSWORD, postgres/postgres locally); everything else runs as the
# service role `envelope`. The tenant and its TEST key are created through the admin API
# (SIGNPORT_ADMIN_SECRET, random per run); the key is revoked (signport.api-keys.v1) before the service
# stops. The test document is inserted into known_document directly (as if signport.document-events.v1 had
# announced it), so document-service is not needed. What remains on Kafka: the bench tenant's
# envelope.created/sent, recipient.notified and provider records (tenant id envbench-<time>); a running
# document-service records envelope usage for them as for any envelope.
#
# Needs PostgreSQL and Kafka (`./signport infra up` is run only if `./signport infra status` fails), a JDK 17
# (java, javac), curl, psql, pgbench and wrk (installed with apt-get when missing and running as root). To
# measure a copy of the repository against the servers of the main checkout, export
# SIGNPORT_HOME=<main checkout>/.signport first.
#
# Usage: deploy/bench/envelope-throughput.sh
# Environment:
#   CONNECTIONS     pgbench clients and wrk connections (16)
#   THREADS         wrk and pgbench threads (number of cores, at most CONNECTIONS)
#   WARMUP          warm-up seconds of the service before (b), same route and connections (20: the JIT needs it)
#   PG_WARMUP       warm-up seconds of pgbench before (a) (5)
#   DURATION        measured seconds of (a), (b) and the fixed-rate run (20)
#   PACED_FRACTION  fixed rate as a fraction of (b)'s req/s (0.70)
#   PACED_WARMUP    warm-up seconds of the fixed-rate run, at the same rate (5)
#   SENDS           envelopes per send phase (200); SEND_PARALLEL senders in the second phase (4)
#   SEND_WARMUP     sends before the measured ones (20)
#   PGBENCH_MODE    pgbench query mode (prepared: the ceiling; the service itself uses unnamed statements)
#   HEAP            heap options of the service JVM ("-Xms512m -Xmx512m")
#   PORT            HTTP port of the service the script starts (18091); must be free
#   BUDGET          rate-limit refill tokens per minute and burst capacity (1000000000)
#   BUILD           set to rebuild envelope-service (package, not install) before measuring
#   KEEP            set to keep the work directory (service.log, wrk-*.txt, pgbench logs, helper output)
# The service inherits the environment, so its own settings apply too, e.g.
# SIGNPORT_TRUSTED_PROXIES=127.0.0.1,::1/128 (the shipped default "127.0.0.1,::1" makes Quarkus resolve "::1"
# through DNS on every request: see envelope-service/README.md, "Performance").
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)
cd "$ROOT"

CONNECTIONS=${CONNECTIONS:-16}
CORES=$(nproc)
THREADS=${THREADS:-$(( CORES < CONNECTIONS ? CORES : CONNECTIONS ))}
WARMUP=${WARMUP:-20}
PG_WARMUP=${PG_WARMUP:-5}
DURATION=${DURATION:-20}
PACED_FRACTION=${PACED_FRACTION:-0.70}
PACED_WARMUP=${PACED_WARMUP:-5}
SENDS=${SENDS:-200}
SEND_PARALLEL=${SEND_PARALLEL:-4}
SEND_WARMUP=${SEND_WARMUP:-20}
PGBENCH_MODE=${PGBENCH_MODE:-prepared}
HEAP=${HEAP:--Xms512m -Xmx512m}
PORT=${PORT:-18091}
BUDGET=${BUDGET:-1000000000}
BOOTSTRAP=${SIGNPORT_KAFKA_BOOTSTRAP:-127.0.0.1:${SIGNPORT_KAFKA_PORT:-59092}}
PG_HOST=${SIGNPORT_PG_HOST:-127.0.0.1}
PG_PORT=${SIGNPORT_PG_PORT:-55432}
PG_DB=${SIGNPORT_PG_DATABASE:-signport}
PG_PASSWORD=${SIGNPORT_ENVELOPE_DB_PASSWORD:-envelope}
PG_SUPERUSER=${SIGNPORT_PG_SUPERUSER:-postgres}
PG_SUPERPASSWORD=${SIGNPORT_PG_SUPERPASSWORD:-postgres}
API_SCHEMA=envelope_bench_api
SQL_SCHEMA=envelope_bench_sql
APP=$ROOT/envelope-service/target/quarkus-app
URL=http://127.0.0.1:$PORT
TENANT=envbench-$(date +%s)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/signport-envelope-bench.XXXXXX")
STARTED_PID=""
BG_PID=""
SCHEMAS_CREATED=""
KEY_ID=""
KEY_REVOKED=""

die() { echo "envelope-throughput: $*" >&2; exit 1; }
say() { echo "envelope-throughput: $*"; }

psql_as() { # psql_as <superuser|envelope> <schema or -> psql args...
  local who=$1 schema=$2; shift 2
  if [[ $who == superuser ]]; then
    PGPASSWORD=$PG_SUPERPASSWORD psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_SUPERUSER" -d "$PG_DB" "$@"
  else
    PGPASSWORD=$PG_PASSWORD PGOPTIONS="-c search_path=$schema" \
      psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U envelope -d "$PG_DB" "$@"
  fi
}

revoke_key() { # the bench key must not stay valid in the other services' replicas
  [[ -n $KEY_ID && -z $KEY_REVOKED && -n $STARTED_PID ]] || return 0
  kill -0 "$STARTED_PID" 2>/dev/null || return 0
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "Authorization: Bearer $API_KEY" "$URL/api/v1/keys/$KEY_ID" || true)
  [[ $code == 204 ]] || { echo "envelope-throughput: WARNING: revoking $KEY_ID answered $code" >&2; return 0; }
  KEY_REVOKED=1
  # The revocation travels through the outbox: let the relay publish everything before the service stops.
  for _ in $(seq 1 60); do
    [[ $(psql_as envelope "$API_SCHEMA" -Atc "select count(*) from outbox where published_at is null" 2>/dev/null) == 0 ]] && return 0
    sleep 0.5
  done
  echo "envelope-throughput: WARNING: the outbox of $API_SCHEMA did not drain within 30 s" >&2
}

stop_service() {
  if [[ -n $STARTED_PID ]] && kill -0 "$STARTED_PID" 2>/dev/null; then
    kill "$STARTED_PID" 2>/dev/null || true
    wait "$STARTED_PID" 2>/dev/null || true
  fi
  STARTED_PID=""
}

cleanup() {
  local rc=$?
  set +e
  if [[ -n $BG_PID ]] && kill -0 "$BG_PID" 2>/dev/null; then kill "$BG_PID" 2>/dev/null; wait "$BG_PID" 2>/dev/null; fi
  revoke_key
  stop_service
  if [[ -n $SCHEMAS_CREATED ]]; then
    psql_as superuser - -c "drop schema if exists $SQL_SCHEMA cascade" -c "drop schema if exists $API_SCHEMA cascade" \
      >/dev/null 2>&1 || echo "envelope-throughput: WARNING: could not drop $SQL_SCHEMA/$API_SCHEMA" >&2
  fi
  if [[ -n ${KEEP:-} ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for n in CONNECTIONS THREADS WARMUP PG_WARMUP DURATION PACED_WARMUP SENDS SEND_PARALLEL SEND_WARMUP; do
  [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number, got '${!n}'"
done
(( CONNECTIONS > 0 && THREADS > 0 && DURATION > 0 && SENDS > 0 && SEND_PARALLEL > 0 )) || die "CONNECTIONS, THREADS, DURATION, SENDS and SEND_PARALLEL must be positive"
(( THREADS <= CONNECTIONS )) || die "THREADS ($THREADS) must not exceed CONNECTIONS ($CONNECTIONS)"
[[ $PACED_FRACTION =~ ^0?\.[0-9]+$|^1(\.0*)?$ ]] || die "PACED_FRACTION must be in (0, 1], got '$PACED_FRACTION'"
for tool in curl java javac awk psql; do
  command -v "$tool" >/dev/null || die "needs $tool on PATH"
done
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v pgbench >/dev/null || missing+=(postgresql-client)
if (( ${#missing[@]} > 0 )); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]} (apt-get)..."
    { apt-get install -y "${missing[@]}" || { apt-get update && apt-get install -y "${missing[@]}"; }; } >"$WORK/apt.log" 2>&1 \
      || { tail -n 20 "$WORK/apt.log" >&2; die "could not install ${missing[*]}"; }
  else
    die "needs ${missing[*]}: sudo apt-get install -y ${missing[*]}"
  fi
fi

# --- CPU accounting --------------------------------------------------------------------------------
# Snapshots of every process's CPU time, so that each measured phase reports who used the machine: the
# service, PostgreSQL, the load generator and everything else (e.g. someone else's build on a shared box).
cpu_snapshot() { # cpu_snapshot <file>: "pid comm jiffies" per process, then "TOTAL <all> <idle>"
  { { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '{ i = index($0, ") "); o = index($0, " (");
        c = substr($0, o + 2, i - o - 2); gsub(/ /, "_", c); split(substr($0, i + 2), f, " ");
        print $1, c, f[12] + f[13] }'
    awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print "TOTAL", t, $5 + $6 }' /proc/stat; } >"$1"
}
cpu_report() { # cpu_report <before> <after> <service pid> <load-generator pid or comm>...: one line of figures
  local before=$1 after=$2 svc=$3; shift 3
  awk -v svc="$svc" -v kafka="${KAFKA_PID:-none}" -v gens="$*" -v cores="$CORES" '
    BEGIN { n = split(gens, g, " "); for (i = 1; i <= n; i++) gen[g[i]] = 1 }
    FNR == NR { if ($1 == "TOTAL") { t0 = $2; i0 = $3 } else before[$1] = $3; next }
    $1 == "TOTAL" { t1 = $2; i1 = $3; next }
    { d = $3 - (($1 in before) ? before[$1] : 0); if (d < 0) d = 0
      if ($1 == svc) s += d; else if ($2 == "postgres") p += d; else if ($1 == kafka) k += d
      else if (($1 in gen) || ($2 in gen)) l += d; else o += d }
    END { t = t1 - t0; if (t <= 0) t = 1
      printf "%.0f %.2f %.2f %.2f %.2f %.2f\n", 100 * (t - (i1 - i0)) / t, cores * s / t, cores * p / t, cores * k / t,
        cores * l / t, cores * o / t }' \
    "$before" "$after"
}
cpu_window() { # cpu_window <skip seconds> <prefix>: snapshots <prefix>0/1 over the middle of a DURATION run
  sleep "$1"; cpu_snapshot "${2}0"
  sleep $(( DURATION > 3 ? DURATION - 2 : 1 )); cpu_snapshot "${2}1"
}
bench_value() { sed -n 's/^BENCH .*\b'"$2"'=\([0-9.]*\).*/\1/p' "$1" | head -n 1; }
ms() { awk -v us="${1:-0}" 'BEGIN { printf "%.1f", us / 1000 }'; }

# --- preparation -------------------------------------------------------------------------------------

./signport infra status >/dev/null 2>&1 || ./signport infra up >/dev/null
if [[ -n ${BUILD:-} || ! -f $APP/quarkus-run.jar ]]; then
  say "building envelope-service..."
  ./mvnw -B -q -pl envelope-service -am package -DskipTests
fi
timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null && die "port $PORT is already in use: choose another PORT"
psql_as superuser - -Atc "select 1" >/dev/null 2>&1 \
  || die "cannot connect to PostgreSQL $PG_HOST:$PG_PORT as $PG_SUPERUSER (SIGNPORT_PG_SUPERUSER/SIGNPORT_PG_SUPERPASSWORD)"

mkdir -p "$WORK/classes"
javac -nowarn -d "$WORK/classes" -cp "$APP/lib/main/*" deploy/bench/EnvelopeBench.java >"$WORK/javac.log" 2>&1 \
  || { cat "$WORK/javac.log" >&2; die "could not compile deploy/bench/EnvelopeBench.java"; }
HELPER=(java -XX:+UseSerialGC -cp "$WORK/classes:$APP/lib/main/*" EnvelopeBench)

# The migrations the service's Flyway applies, in version order (platform V0.x first).
MIGRATIONS=()
while read -r _ f; do MIGRATIONS+=("$f"); done < <(
  for f in platform/src/main/resources/db/platform/V*__*.sql envelope-service/src/main/resources/db/migration/V*__*.sql; do
    b=$(basename "$f"); v=${b#V}; v=${v%%__*}; echo "${v//_/.} $f"
  done | sort -V)

SCHEMAS_CREATED=1
psql_as superuser - -c "drop schema if exists $SQL_SCHEMA cascade" -c "drop schema if exists $API_SCHEMA cascade" \
  -c "create schema $SQL_SCHEMA authorization envelope" -c "create schema $API_SCHEMA authorization envelope" \
  2>&1 | grep -v '^NOTICE' || true
for f in "${MIGRATIONS[@]}"; do psql_as envelope "$SQL_SCHEMA" -f "$f" >/dev/null; done

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
KAFKA_PID=$(cat "${SIGNPORT_HOME:-$ROOT/.signport}/run/kafka.pid" 2>/dev/null || true)
FAILED=0

# --- (a) raw PostgreSQL ceiling ----------------------------------------------------------------------

SQL_DOC=doc_pgbench_0000000000000000000
psql_as envelope "$SQL_SCHEMA" \
  -c "insert into tenant(id, name, created_at, updated_at) values ('$TENANT', 'bench', now(), now())" \
  -c "insert into known_document(id, tenant_id, kind, name, size_bytes, pages, sha256, deleted, updated_at)
      values ('$SQL_DOC', '$TENANT', 'ORIGINAL', 'contract.pdf', 48213, 3, encode(sha256('$SQL_DOC'::bytea), 'hex'), false, now())"

# One envelope per transaction; @ENV@/@RCP@ are the envelope and recipient ids (30 characters, like the ULIDs).
cat >"$WORK/txn.sql.in" <<'SQL'
\set n random(1, 9000000000000000000)
\set r random(1, 9000000000000000000)
insert into idempotency_key as k (tenant_id, idem_key, fingerprint, state, owner, locked_until, created_at)
values (:tenant, 'pgbench-' || cast(:n as text), :fp, 'in_progress', gen_random_uuid(), now() + 120000 * interval '1 millisecond', now())
on conflict (tenant_id, idem_key) do update
   set fingerprint = excluded.fingerprint, state = 'in_progress', owner = excluded.owner,
       locked_until = excluded.locked_until, created_at = excluded.created_at,
       status_code = null, headers = null, body = null, completed_at = null
 where k.created_at < now() - 86400000 * interval '1 millisecond'
    or (k.state = 'in_progress' and k.locked_until < now() and k.fingerprint = excluded.fingerprint)
returning owner \gset
select kd.id, kd.deleted, kd.envelope_id, kd.kind, kd.name, kd.pages, kd.sha256, kd.size_bytes, kd.tenant_id, kd.updated_at
  from known_document kd where kd.tenant_id = :tenant and kd.id in (:doc);
begin;
with seq as (
  insert into outbox_topic_sequence(topic, aggregate_id, last_sequence) values ('signport.envelope-events.v1', @ENV@, 1)
  on conflict (topic, aggregate_id) do update set last_sequence = outbox_topic_sequence.last_sequence + 1
  returning last_sequence)
insert into outbox(event_id, topic, aggregate_type, aggregate_id, tenant_id, event_type, sequence, payload, traceparent, tracestate, created_at)
select gen_random_uuid(), 'signport.envelope-events.v1', 'envelope', @ENV@, cast(:tenant as text), 'envelope.created', seq.last_sequence,
       '{"type":"envelope.created","envelopeId":"' || @ENV@ || '","tenantId":"' || cast(:tenant as text)
         || '","mode":"TEST","status":"DRAFT","occurredAt":"2026-01-01T10:00:00.000000000Z","subject":"Contrat de prestation","fallbackProviders":[],"signingOrder":"PARALLEL","documentIds":["'
         || cast(:doc as text) || '"],"recipients":[{"recipientId":"' || @RCP@ || '","email":"client@example.com","name":"Marie Dubois","role":"SIGNER","order":1}]}',
       cast(null as text), cast(null as text), clock_timestamp()
  from seq;
insert into envelope (attempt, completed_at, created_at, deleted_at, document_ids, evidence_document_id, expires_at, external_id, failure_code, failure_reason, fallback_providers, message, metadata, mode, next_reminder_at, provider, provider_chain, recipients, reminders, reminders_sent, requested_provider, retry_at, send_command_id, send_deadline_at, send_retries, sent_at, signature_level, signed_document_id, signing_order, status, subject, tenant_id, updated_at, id)
values (0, null, now(), null, '["' || cast(:doc as text) || '"]', null, null, null, null, null, '[]', null, '{}', 'TEST', null, null, '[]',
        '[{"id":"' || @RCP@ || '","email":"client@example.com","name":"Marie Dubois","role":"SIGNER","order":1,"fields":[],"status":"PENDING"}]',
        null, 0, null, null, null, null, 0, null, null, null, 'PARALLEL', 'DRAFT', 'Contrat de prestation', :tenant, now(), @ENV@);
select cast(pg_notify('signport_outbox_' || current_schema(), '') as text);
insert into audit_entry (actor, at, detail, envelope_id, event, ip, tenant_id, user_agent)
values ('API key key_pgbench', now(), '1 document(s), 1 recipient(s)', @ENV@, 'envelope.created', '127.0.0.1', :tenant, 'pgbench')
returning id;
update idempotency_key
   set state = 'completed', status_code = 201,
       headers = cast(cast('{"Location": "http://127.0.0.1/api/v1/envelopes/' || @ENV@ || '", "Content-Type": "application/json"}' as text) as jsonb),
       body = convert_to('{"id":"' || @ENV@ || '","status":"DRAFT","mode":"TEST","subject":"Contrat de prestation","documentIds":["' || cast(:doc as text)
         || '"],"recipients":[{"id":"' || @RCP@ || '","email":"client@example.com","name":"Marie Dubois","role":"SIGNER","order":1,"status":"PENDING"}],"signingOrder":"PARALLEL","fallbackProviders":[],"attempt":0,"metadata":{},"createdAt":"2026-01-01T10:00:00.000000000Z","updatedAt":"2026-01-01T10:00:00.000000000Z"}', 'UTF8'),
       completed_at = now(), locked_until = null
 where tenant_id = :tenant and idem_key = 'pgbench-' || cast(:n as text) and owner = cast(:owner as uuid) and state = 'in_progress';
commit;
SQL
sed -e "s/@ENV@/('env_' || lpad(to_hex(cast(:n as bigint)), 26, '0'))/g" \
    -e "s/@RCP@/('rcp_' || lpad(to_hex(cast(:r as bigint)), 26, '0'))/g" "$WORK/txn.sql.in" >"$WORK/txn.sql"
FP=$(printf '%s' "$TENANT" | sha256sum | cut -d' ' -f1)

run_pgbench() { # run_pgbench <seconds> <out> [log prefix]
  local args=(-h "$PG_HOST" -p "$PG_PORT" -U envelope -n -M "$PGBENCH_MODE" -c "$CONNECTIONS" -j "$THREADS" -T "$1"
    -f "$WORK/txn.sql" -D "tenant=$TENANT" -D "doc=$SQL_DOC" -D "fp=$FP")
  [[ -n ${3:-} ]] && args+=(-l --log-prefix="$3")
  PGPASSWORD=$PG_PASSWORD PGOPTIONS="-c search_path=$SQL_SCHEMA" pgbench "${args[@]}" "$PG_DB" >"$2" 2>&1 \
    || { cat "$2" >&2; die "pgbench failed"; }
  ! grep -q 'aborted' "$2" || { cat "$2" >&2; die "pgbench clients aborted"; }
}

say "(a) pgbench -M $PGBENCH_MODE, $CONNECTIONS clients: warm-up ${PG_WARMUP}s, then ${DURATION}s measured"
(( PG_WARMUP > 0 )) && run_pgbench "$PG_WARMUP" "$WORK/pgbench-warmup.txt"
run_pgbench "$DURATION" "$WORK/pgbench.txt" "$WORK/pgbench-log" &
BG_PID=$!
cpu_window 1 "$WORK/cpu-a"
wait "$BG_PID" || die "pgbench failed"
BG_PID=""
read -r A_BUSY _ A_PG A_KAFKA A_GEN A_OTHER < <(cpu_report "$WORK/cpu-a0" "$WORK/cpu-a1" 0 pgbench)
A_TPS=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$WORK/pgbench.txt" | head -n 1)
A_TXNS=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$WORK/pgbench.txt")
A_FAILED=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$WORK/pgbench.txt")
read -r A_P50 A_P99 A_MAX < <(cat "$WORK"/pgbench-log.* | awk '{ print $3 }' | sort -n \
  | awk '{ a[NR] = $1 } END { i50 = int(NR * 0.50 + 0.999); i99 = int(NR * 0.99 + 0.999); print a[i50], a[i99], a[NR] }')
A_ROWS=$(psql_as envelope "$SQL_SCHEMA" -Atc "select count(*) from envelope")
psql_as superuser - -c "drop schema $SQL_SCHEMA cascade" >/dev/null 2>&1   # its rows are not needed any more
A_TPS=${A_TPS%.*}

# --- the service ----------------------------------------------------------------------------------------

ADMIN_SECRET=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
say "starting envelope-service on :$PORT ($HEAP), schema $API_SCHEMA"
# shellcheck disable=SC2086 # HEAP holds several JVM options
env PORT="$PORT" SIGNPORT_ADMIN_SECRET="$ADMIN_SECRET" SIGNPORT_SERVICE_TOKEN=bench-service-token \
  SIGNPORT_ENVELOPE_DB_PASSWORD="$PG_PASSWORD" QUARKUS_OTEL_SDK_DISABLED=true QUARKUS_LOG_CONSOLE_JSON_ENABLED=false \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PG_HOST:$PG_PORT/$PG_DB?search_path=$API_SCHEMA" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB?currentSchema=$API_SCHEMA" \
  QUARKUS_FLYWAY_SCHEMAS="$API_SCHEMA" QUARKUS_FLYWAY_DEFAULT_SCHEMA="$API_SCHEMA" \
  MP_MESSAGING_INCOMING_DOCUMENT_EVENTS_GROUP_ID=envelope-service-bench.document-events \
  MP_MESSAGING_INCOMING_PROVIDER_EVENTS_GROUP_ID=envelope-service-bench.provider-events \
  MP_MESSAGING_INCOMING_PROVIDER_CAPABILITIES_GROUP_ID=envelope-service-bench.provider-capabilities \
  SIGNPORT_RATE_LIMIT_ENABLED=true SIGNPORT_RATE_LIMIT_REFILL_TOKENS="$BUDGET" SIGNPORT_RATE_LIMIT_REFILL_PERIOD=PT1M \
  SIGNPORT_RATE_LIMIT_BURST_CAPACITY="$BUDGET" \
  java $HEAP -XX:+ExitOnOutOfMemoryError -jar "$APP/quarkus-run.jar" >"$WORK/service.log" 2>&1 &
STARTED_PID=$!
for _ in $(seq 1 120); do
  curl -sf "$URL/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$STARTED_PID" 2>/dev/null || { tail -n 40 "$WORK/service.log" >&2; die "the service exited"; }
  sleep 0.5
done
curl -sf "$URL/q/health/ready" >/dev/null || { tail -n 40 "$WORK/service.log" >&2; die "the service is not ready"; }
LOG_FROM=$(wc -l <"$WORK/service.log")
open_sockets() { find "/proc/$STARTED_PID/fd" -lname 'socket:*' 2>/dev/null | wc -l; }
SOCKETS_START=$(open_sockets)

code=$(curl -s -o "$WORK/tenant.json" -w '%{http_code}' -X PUT -H "Authorization: Bearer $ADMIN_SECRET" \
  -H 'Content-Type: application/json' -d '{"name":"envelope benchmark"}' "$URL/admin/v1/tenants/$TENANT")
[[ $code == 201 || $code == 200 ]] || { cat "$WORK/tenant.json" >&2; die "PUT /admin/v1/tenants/$TENANT answered $code"; }
code=$(curl -s -o "$WORK/key.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $ADMIN_SECRET" \
  -H 'Content-Type: application/json' -d '{"mode":"TEST","name":"envelope-throughput"}' "$URL/admin/v1/tenants/$TENANT/keys")
[[ $code == 201 ]] || { cat "$WORK/key.json" >&2; die "POST /admin/v1/tenants/$TENANT/keys answered $code"; }
API_KEY=$(grep -o '"secret":"[^"]*"' "$WORK/key.json" | cut -d'"' -f4)
KEY_ID=$(grep -o '"id":"key_[^"]*"' "$WORK/key.json" | cut -d'"' -f4)
[[ $API_KEY == sk_test_* && -n $KEY_ID ]] || die "no key in $(cat "$WORK/key.json")"
AUTH="Authorization: Bearer $API_KEY"
# The key reaches the service's replica through the outbox and signport.api-keys.v1.
for _ in $(seq 1 60); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$URL/api/v1/envelopes?limit=1") == 200 ]] && break
  sleep 0.5
done
[[ $(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$URL/api/v1/envelopes?limit=1") == 200 ]] \
  || die "the API key was not accepted within 30 s"

DOC_ID=doc_bench_$(date +%s%N | sha256sum | cut -c1-22)
psql_as envelope "$API_SCHEMA" -c "insert into known_document(id, tenant_id, kind, name, size_bytes, pages, sha256, deleted, updated_at)
  values ('$DOC_ID', '$TENANT', 'ORIGINAL', 'contract.pdf', 48213, 3, encode(sha256('$DOC_ID'::bytea), 'hex'), false, now())"
CREATE_BODY='{"subject":"Contrat de prestation","documentIds":["'$DOC_ID'"],"recipients":[{"email":"client@example.com","name":"Marie Dubois","role":"SIGNER"}]}'

# Sanity: 201 with the configured budget, and the same Idempotency-Key replays.
for attempt in first replay; do
  code=$(curl -s -D "$WORK/headers-$attempt" -o "$WORK/create-$attempt.json" -w '%{http_code}' -X POST -H "$AUTH" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: sanity-$TENANT" -d "$CREATE_BODY" "$URL/api/v1/envelopes")
  [[ $code == 201 ]] || { cat "$WORK/create-$attempt.json" >&2; die "POST /api/v1/envelopes ($attempt) answered $code"; }
done
limit=$(tr -d '\r' <"$WORK/headers-first" | sed -n 's/^[Rr]ate[Ll]imit-[Ll]imit: *//p')
[[ $limit == "$BUDGET" ]] || die "expected RateLimit-Limit: $BUDGET, got '${limit:-none}' (is the limiter on?)"
tr -d '\r' <"$WORK/headers-replay" | grep -qi '^Idempotent-Replayed: *true' || die "the Idempotency-Key was not replayed"
cmp -s "$WORK/create-first.json" "$WORK/create-replay.json" || die "the replayed response differs from the first"

# --- (b) POST /api/v1/envelopes ---------------------------------------------------------------------

cat >"$WORK/create.lua" <<'LUA'
-- POST /api/v1/envelopes with a fresh Idempotency-Key per request; counts every status.
local threads = {}
local nthreads = 0
function setup(thread)
  nthreads = nthreads + 1
  thread:set("tid", nthreads)
  table.insert(threads, thread)
end
function init(args)
  statuses = {}
  seq = 0
  prefix = string.format("wrk-%s-%d-", args[1], tid)
  base = { ["Authorization"] = "Bearer " .. args[2], ["Content-Type"] = "application/json" }
  body = '{"subject":"Contrat de prestation","documentIds":["' .. args[3] .. '"],' ..
         '"recipients":[{"email":"client@example.com","name":"Marie Dubois","role":"SIGNER"}]}'
end
function request()
  seq = seq + 1
  local h = { ["Idempotency-Key"] = prefix .. seq }
  for k, v in pairs(base) do h[k] = v end
  return wrk.format("POST", nil, h, body)
end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local total, ok, r409, r429, r5xx, other = 0, 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do
      total = total + n
      if code == 201 then ok = ok + n
      elseif code == 409 then r409 = r409 + n
      elseif code == 429 then r429 = r429 + n
      elseif code >= 500 then r5xx = r5xx + n
      else other = other + n end
      io.write(string.format("BENCH status_%d=%d\n", code, n))
    end
  end
  local e = summary.errors
  io.write(string.format("BENCH requests=%d responses=%d ok=%d r409=%d r429=%d r5xx=%d other=%d duration_us=%d " ..
      "p50_us=%d p90_us=%d p99_us=%d max_us=%d sockerr=%d\n", summary.requests, total, ok, r409, r429, r5xx, other,
      summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      e.connect + e.read + e.write + e.timeout))
end
LUA

run_wrk() { # run_wrk <seconds> <phase>
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "${1}s" --timeout 10s --latency -s "$WORK/create.lua" "$URL/api/v1/envelopes" \
    -- "$2-$TENANT" "$API_KEY" "$DOC_ID" >"$WORK/wrk-$2.txt" 2>&1 || { cat "$WORK/wrk-$2.txt" >&2; die "wrk failed"; }
  grep -q '^BENCH requests=' "$WORK/wrk-$2.txt" || { cat "$WORK/wrk-$2.txt" >&2; die "wrk printed no summary"; }
}
check_wrk() { # check_wrk <phase>
  local f=$WORK/wrk-$1.txt
  if (( $(bench_value "$f" responses) - $(bench_value "$f" ok) + $(bench_value "$f" sockerr) > 0 )); then
    FAILED=1
    echo "envelope-throughput: (b) $1: not every request got a 201:" >&2
    grep '^BENCH' "$f" >&2
  fi
}
outbox_backlog() { psql_as envelope "$API_SCHEMA" -Atc \
  "select count(*) || ' ' || coalesce(round(extract(epoch from now() - min(created_at))::numeric, 1), 0) from outbox where published_at is null"; }

say "(b) wrk POST /api/v1/envelopes, $CONNECTIONS connections: warm-up ${WARMUP}s, then ${DURATION}s measured"
WRK_ENDS=""
if (( WARMUP > 0 )); then run_wrk "$WARMUP" warmup; WRK_ENDS=$(date +%T); check_wrk warmup; fi
run_wrk "$DURATION" measured &
BG_PID=$!
cpu_window 1 "$WORK/cpu-b"
wait "$BG_PID" || die "wrk failed"
BG_PID=""
WRK_ENDS="$WRK_ENDS $(date +%T)"
check_wrk measured
SOCKETS_AFTER_B=$(open_sockets)
sleep 1   # requests wrk abandoned at its end finish (or fail) now
CLAIMS_LEFT=$(psql_as envelope "$API_SCHEMA" -Atc "select count(*) from idempotency_key where state = 'in_progress'")
read -r B_BACKLOG B_BACKLOG_AGE < <(outbox_backlog)
drain_start=$(date +%s%N)
for _ in $(seq 1 120); do
  [[ $(outbox_backlog | cut -d' ' -f1) == 0 ]] && break
  sleep 0.25
done
B_DRAIN_MS=$(( ($(date +%s%N) - drain_start) / 1000000 ))
kill -0 "$STARTED_PID" 2>/dev/null || { tail -n 40 "$WORK/service.log" >&2; die "the service died under load"; }
read -r B_BUSY B_SVC B_PG B_KAFKA B_GEN B_OTHER < <(cpu_report "$WORK/cpu-b0" "$WORK/cpu-b1" "$STARTED_PID" wrk)
out=$WORK/wrk-measured.txt
B_REQS=$(bench_value "$out" requests)
B_RPS=$(awk -v n="$B_REQS" -v us="$(bench_value "$out" duration_us)" 'BEGIN { printf "%.0f", n * 1e6 / us }')

# --- (b') the same route at a fixed rate ------------------------------------------------------------------

RATE=$(awk -v r="$B_RPS" -v f="$PACED_FRACTION" 'BEGIN { x = r * f; if (x < 1) x = 1; printf "%.0f", x }')
say "(b') fixed rate $RATE/s (${PACED_FRACTION} x $B_RPS): warm-up ${PACED_WARMUP}s, then ${DURATION}s measured"
"${HELPER[@]}" paced "$URL" "$API_KEY" "$DOC_ID" "$RATE" "$PACED_WARMUP" "$DURATION" >"$WORK/paced.txt" 2>"$WORK/paced.err" &
BG_PID=$!
cpu_window $(( PACED_WARMUP + 2 )) "$WORK/cpu-p"   # JVM start-up, warm-up, then the middle of the measured run
wait "$BG_PID" || { cat "$WORK/paced.txt" "$WORK/paced.err" >&2; die "the fixed-rate generator failed"; }
read -r P_BUSY P_SVC P_PG P_KAFKA P_GEN P_OTHER < <(cpu_report "$WORK/cpu-p0" "$WORK/cpu-p1" "$STARTED_PID" "$BG_PID")
BG_PID=""
P_OK=$(bench_value "$WORK/paced.txt" status_201)
P_NOT201=$(( $(bench_value "$WORK/paced.txt" completed) - ${P_OK:-0} + $(bench_value "$WORK/paced.txt" errors) ))

# --- (c) /send -> envelope.sent -----------------------------------------------------------------------------

CAPS_AT=$("${HELPER[@]}" capabilities "$BOOTSTRAP" 2>"$WORK/capabilities.err" | tail -n 1) \
  || { cat "$WORK/capabilities.err" >&2; die "could not announce the local provider"; }
for _ in $(seq 1 60); do
  [[ $(psql_as envelope "$API_SCHEMA" -Atc "select count(*) from provider_capability where provider = 'local'
        and checked_at >= '$CAPS_AT'") == 1 ]] && break
  sleep 0.5
done
# A send with an Idempotency-Key (the platform records its response after the effect): a probe, reported.
probe_id=$(grep -o '"id":"env_[^"]*"' "$WORK/create-first.json" | cut -d'"' -f4)
SEND_IDEM_CODE=$(curl -s -o "$WORK/send-idempotent.json" -w '%{http_code}' -X POST -H "$AUTH" \
  -H "Idempotency-Key: send-probe-$TENANT" "$URL/api/v1/envelopes/$probe_id/send?wait=0")
SEND_IDEM_RETRY=$(curl -s -o "$WORK/send-idempotent-retry.json" -w '%{http_code}' -X POST -H "$AUTH" \
  -H "Idempotency-Key: send-probe-$TENANT" "$URL/api/v1/envelopes/$probe_id/send?wait=0")

say "(c) /send?wait=0 -> envelope.sent: $SEND_WARMUP warm-up, $SENDS one at a time, $SENDS with $SEND_PARALLEL senders"
"${HELPER[@]}" send-latency "$URL" "$API_KEY" "$DOC_ID" "$BOOTSTRAP" "$TENANT" "$SENDS" "$SEND_PARALLEL" "$SEND_WARMUP" \
  >"$WORK/send.txt" 2>"$WORK/send.err" &
BG_PID=$!
wait "$BG_PID" || { cat "$WORK/send.txt" "$WORK/send.err" >&2; die "the send benchmark failed"; }
BG_PID=""
grep -q '^BENCH phase=sequential' "$WORK/send.txt" || { cat "$WORK/send.txt" "$WORK/send.err" >&2; die "no send figures"; }
SEND_TIMEOUTS=$(sed -n 's/^BENCH phase=.* timeouts=\([0-9]*\) .*/\1/p' "$WORK/send.txt" | awk '{ s += $1 } END { print s + 0 }')
SEND_BAD=$(grep '^BENCH phase=' "$WORK/send.txt" | tr ' ' '\n' \
  | awk -F= '/^status_/ && $1 != "status_200" && $1 != "status_202" { s += $2 } END { print s + 0 }')
(( SEND_TIMEOUTS + SEND_BAD == 0 )) || FAILED=1

ROWS_API=$(psql_as envelope "$API_SCHEMA" -Atc "select count(*) from envelope")
SOCKETS_END=$(open_sockets)
revoke_key
SERVICE_LOG_LINES=$(wc -l <"$WORK/service.log")
stop_service

# --- report ----------------------------------------------------------------------------------------------

per_op() { awk -v c="$1" -v r="$2" 'BEGIN { printf "%.2f", (r > 0 ? 1000 * c / r : 0) }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
send_line() { # send_line <phase>
  local l; l=$(grep "^BENCH phase=$1 " "$WORK/send.txt")
  local f; f=$(mktemp "$WORK/send-line.XXXX"); echo "$l" >"$f"
  printf '  %-12s n=%-4s %6s/s  p50 %6s ms  p90 %6s ms  p99 %6s ms  max %6s ms | HTTP p50 %5s p99 %5s | send->command p50 %5s p99 %5s | command->sent p50 %5s p99 %5s  timeouts %s\n' \
    "$1" "$(bench_value "$f" measured)" "$(bench_value "$f" per_s)" "$(ms "$(bench_value "$f" p50_us)")" \
    "$(ms "$(bench_value "$f" p90_us)")" "$(ms "$(bench_value "$f" p99_us)")" "$(ms "$(bench_value "$f" max_us)")" \
    "$(ms "$(bench_value "$f" http_p50_us)")" "$(ms "$(bench_value "$f" http_p99_us)")" \
    "$(ms "$(bench_value "$f" cmd_p50_us)")" "$(ms "$(bench_value "$f" cmd_p99_us)")" \
    "$(ms "$(bench_value "$f" back_p50_us)")" "$(ms "$(bench_value "$f" back_p99_us)")" "$(bench_value "$f" timeouts)"
}

echo
echo "=== envelope-service: POST /api/v1/envelopes vs raw PostgreSQL, and /send -> envelope.sent ==="
echo "machine: $CORES cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), everything on this machine;" \
  "load average before: $LOAD_BEFORE"
echo "service JVM: $(java -version 2>&1 | head -n 2 | tail -n 1), $HEAP; PostgreSQL $(psql_as superuser - -Atc 'show server_version');" \
  "wrk $(wrk -v 2>&1 | head -n 1 | awk '{ print $2 }')"
echo "code: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$([[ -n $(git status --porcelain 2>/dev/null) ]] && echo ' + uncommitted changes')"
echo "service config: quarkus.http.proxy.trusted-proxies = ${SIGNPORT_TRUSTED_PROXIES:-the default of application.properties (127.0.0.1,::1)}"
echo "cpu columns: whole machine busy %, then cores used by the service JVM / PostgreSQL / the Kafka broker / the load generator /"
echo "  everything else (other people's work on a shared machine shows there), over the middle of each measured run"
echo
echo "(a) raw PostgreSQL ceiling: pgbench -M $PGBENCH_MODE, $CONNECTIONS clients, $THREADS threads, ${DURATION}s after ${PG_WARMUP}s warm-up"
echo "    one transaction = Idempotency-Key claim (insert .. on conflict .. returning owner, autocommit); known_document lookup;"
echo "    BEGIN; outbox_topic_sequence upsert + outbox insert (Outbox.INSERT, envelope.created payload); envelope insert"
echo "    (34 columns, JSON text); pg_notify; audit_entry insert returning id; idempotency completion update (201 + body); COMMIT"
echo "    not included: the rate-limit budget upsert (one per lease of up to 20 requests), the API-key check (in memory)"
printf '    %9s tps   p50 %6s ms   p99 %6s ms   max %6s ms   transactions %s (failed %s)\n' \
  "$A_TPS" "$(ms "$A_P50")" "$(ms "$A_P99")" "$(ms "$A_MAX")" "$A_TXNS" "${A_FAILED:-0}"
printf '    cpu %s%% | svc - | pg %s | kafka %s | gen %s | other %s\n' "$A_BUSY" "$A_PG" "$A_KAFKA" "$A_GEN" "$A_OTHER"
echo "    CPU per transaction: PostgreSQL $(per_op "$A_PG" "$A_TPS") ms, pgbench $(per_op "$A_GEN" "$A_TPS") ms"
echo
echo "(b) POST /api/v1/envelopes through the service: wrk, $CONNECTIONS connections, $THREADS threads, ${DURATION}s after ${WARMUP}s warm-up"
echo "    Bearer test key, rate limit on (budget $BUDGET/min), fresh Idempotency-Key per request, Certyneo quickstart body"
f=$WORK/wrk-measured.txt
printf '    %9s req/s p50 %6s ms   p99 %6s ms   max %6s ms   requests %s: 201 %s, 409 %s, 429 %s, 5xx %s, other %s, socket errors %s\n' \
  "$B_RPS" "$(ms "$(bench_value "$f" p50_us)")" "$(ms "$(bench_value "$f" p99_us)")" "$(ms "$(bench_value "$f" max_us)")" \
  "$B_REQS" "$(bench_value "$f" ok)" "$(bench_value "$f" r409)" "$(bench_value "$f" r429)" "$(bench_value "$f" r5xx)" \
  "$(bench_value "$f" other)" "$(bench_value "$f" sockerr)"
printf '    cpu %s%% | svc %s | pg %s | kafka %s | gen %s | other %s;  outbox right after: %s unpublished (oldest %ss), drained in %s ms\n' \
  "$B_BUSY" "$B_SVC" "$B_PG" "$B_KAFKA" "$B_GEN" "$B_OTHER" "$B_BACKLOG" "$B_BACKLOG_AGE" "$B_DRAIN_MS"
echo "    CPU per request: service $(per_op "$B_SVC" "$B_RPS") ms, PostgreSQL $(per_op "$B_PG" "$B_RPS") ms, wrk $(per_op "$B_GEN" "$B_RPS") ms" \
  "(so this machine's $CORES cores alone would carry about $(awk -v c="$CORES" -v s="$B_SVC" -v p="$B_PG" -v r="$B_RPS" \
  'BEGIN { x = (r > 0 ? (s + p) / r : 0); printf "%.0f", (x > 0 ? c / x : 0) }') req/s of service + PostgreSQL work)"
printf '    open sockets of the service JVM: %s after start-up, %s after (b), %s at the end;' \
  "$SOCKETS_START" "$SOCKETS_AFTER_B" "$SOCKETS_END"
printf ' Idempotency-Key claims still in_progress after (b): %s\n' "$CLAIMS_LEFT"
w=$WORK/wrk-warmup.txt
[[ -f $w ]] && printf '    (warm-up: %s requests, p50 %s ms, p99 %s ms)\n' "$(bench_value "$w" requests)" \
  "$(ms "$(bench_value "$w" p50_us)")" "$(ms "$(bench_value "$w" p99_us)")"
RATIO=$(pct "$B_RPS" "$A_TPS")
echo "    ratio (b)/(a) of throughput: $RATIO (target >= 0.50): $(awk -v r="$RATIO" 'BEGIN { print ((r >= 0.5) ? "met" : "NOT met") }')"
echo
p=$WORK/paced.txt
P99=$(bench_value "$p" p99_us)
echo "(b') the same route at a fixed rate of $RATE/s = $PACED_FRACTION x (b), ${DURATION}s after ${PACED_WARMUP}s at the same rate"
echo "    (open model: latency from each request's scheduled start; JDK HttpClient, deploy/bench/EnvelopeBench.java)"
printf '    achieved %s/s   p50 %s ms   p90 %s ms   p99 %s ms   p99.9 %s ms   max %s ms   non-201 %s   generator >1 ms late %s\n' \
  "$(bench_value "$p" achieved_rate)" "$(ms "$(bench_value "$p" p50_us)")" "$(ms "$(bench_value "$p" p90_us)")" "$(ms "$P99")" \
  "$(ms "$(bench_value "$p" p999_us)")" "$(ms "$(bench_value "$p" max_us)")" "$P_NOT201" "$(bench_value "$p" late_starts)"
printf '    the same measured from when each request was actually sent: p50 %s ms, p99 %s ms (the generator shares the CPUs)\n' \
  "$(ms "$(bench_value "$p" svc_p50_us)")" "$(ms "$(bench_value "$p" svc_p99_us)")"
printf '    cpu %s%% | svc %s | pg %s | kafka %s | gen %s | other %s;  CPU per request: service %s ms\n' "$P_BUSY" "$P_SVC" "$P_PG" \
  "$P_KAFKA" "$P_GEN" "$P_OTHER" "$(per_op "$P_SVC" "$RATE")"
echo "    p99 at 70 % of peak: $(ms "$P99") ms (target < 50 ms): $(awk -v u="$P99" 'BEGIN { print ((u < 50000) ? "met" : "NOT met") }')"
echo
echo "(c) POST /api/v1/envelopes/{id}/send?wait=0 -> envelope.sent read from signport.envelope-events.v1 (same machine clock)"
echo "    provider: built-in auto-accepting responder for 'local' in EnvelopeBench.java (no local connector exists yet):"
echo "    command.send_envelope -> provider.accepted at once; path = HTTP send, relay, Kafka, responder, Kafka, consumer, relay, Kafka"
send_line sequential
send_line "parallel$SEND_PARALLEL"
echo "    $(grep '^BENCH responder=' "$WORK/send.txt" | sed 's/^BENCH //')"
echo
echo "service log ($SERVICE_LOG_LINES lines; between start-up and shutdown):"
sed -n "$((LOG_FROM + 1)),${SERVICE_LOG_LINES}p" "$WORK/service.log" | grep -E '^[0-9-]+ [0-9:,]+ +(ERROR|WARN)' >"$WORK/log-problems.txt" || true
UNKNOWN=$(grep -c 'Provider event for unknown envelope' "$WORK/log-problems.txt" || true)
printf '    %s ERROR, %s WARN lines (%s of them "Provider event for unknown envelope": other tenants'"'"' provider events, expected in a scratch schema)\n' \
  "$(grep -c ' ERROR ' "$WORK/log-problems.txt" || true)" "$(grep -c ' WARN ' "$WORK/log-problems.txt" || true)" "$UNKNOWN"
{ grep -v 'Provider event for unknown envelope' "$WORK/log-problems.txt" || true; } \
  | sed -E 's/^[0-9-]+ [0-9:,]+ +//; s/\([^)]*thread[^)]*\) //; s/(env|rcp|doc|key|cmd)_[0-9A-Za-z_]+/\1_…/g; s/[0-9a-f]{8}-[0-9a-f-]{27}/<uuid>/g; s/[0-9]+/N/g' \
  | cut -c1-220 | sort | uniq -c | sort -rn | head -n 6 | sed 's/^/   /'
if grep -q ' ERROR ' "$WORK/log-problems.txt"; then
  echo "    ERROR lines per second: $(grep ' ERROR ' "$WORK/log-problems.txt" | cut -c12-19 | uniq -c \
    | awk '{ printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1 }'); the wrk runs of (b) ended at:${WRK_ENDS}"
fi
echo
echo "problems seen:"
problems=0
if [[ $SEND_IDEM_CODE != 200 && $SEND_IDEM_CODE != 202 ]]; then
  problems=1
  echo "  - POST /send with an Idempotency-Key answered $SEND_IDEM_CODE (the same request again: $SEND_IDEM_RETRY);" \
    "$(grep -o '"detail":"[^"]*"' "$WORK/send-idempotent.json" | cut -c1-160)"
fi
for v in r409 r429 r5xx other sockerr; do
  n=$(bench_value "$WORK/wrk-measured.txt" "$v"); (( ${n:-0} == 0 )) || { problems=1; echo "  - (b): $n responses/errors of kind $v"; }
done
(( SOCKETS_AFTER_B - SOCKETS_START < 100 )) || { problems=1;
  echo "  - the service JVM's open sockets grew from $SOCKETS_START to $SOCKETS_AFTER_B during (b) ($SOCKETS_END at the end)"; }
(( CLAIMS_LEFT == 0 )) || { problems=1;
  echo "  - $CLAIMS_LEFT Idempotency-Key claims stayed in_progress after (b) (requests wrk abandoned when it stopped?)"; }
(( P_NOT201 == 0 )) || { problems=1; echo "  - (b'): $P_NOT201 responses other than 201 (or errors)"; }
(( SEND_TIMEOUTS + SEND_BAD == 0 )) || { problems=1; echo "  - (c): $SEND_TIMEOUTS sends without envelope.sent within 10 s, $SEND_BAD sends not answered 200/202"; }
(( problems == 1 )) || echo "  none"
echo
echo "rows: pgbench wrote $A_ROWS envelopes in $SQL_SCHEMA, the service $ROWS_API in $API_SCHEMA; both schemas are dropped;" \
  "tenant $TENANT, key $KEY_ID revoked"
(( FAILED == 0 )) || die "some requests failed (see above)"
