#!/usr/bin/env bash
# What the shared per-API-key rate limiter costs on a cheap authenticated read: throughput and
# latency of GET /api/v1/documents/{id} (metadata of one small PDF uploaded first with `curl -F`)
# against a document-service started twice on the same machine, once with the limiter off
# (SIGNPORT_RATE_LIMIT_ENABLED=false) and once with it on but with a budget so large that nothing is
# refused (SIGNPORT_RATE_LIMIT_REFILL_TOKENS / SIGNPORT_RATE_LIMIT_BURST_CAPACITY = 1000000000, i.e.
# signport.rate-limit.* of platform's RateLimitConfig). Each run: a fresh service JVM (fixed heap,
# -XX:+ExitOnOutOfMemoryError), a warm-up, then the measured run, with wrk (--latency) over
# CONNECTIONS keep-alive connections. A small Lua script counts every HTTP status; the run fails
# unless every response was a 200 (so no 429) and wrk saw no socket error. The script also checks
# that the limiter really is off (no RateLimit-Limit header) and really on (RateLimit-Limit equals
# the configured burst). Reports req/s, p50 and p99 per mode and the on/off ratio of req/s (a
# figure, target >= 0.80, never a reason to fail), with the machine (cores, load) and the JVM.
#
# Like upload-heap.sh it starts document-service from document-service/target/quarkus-app
# (built with `./mvnw -pl document-service -am package` if missing, or always with BUILD=1),
# issues a throw-away test API key on signport.api-keys.v1 (deploy/bench/PublishApiKey.java) and
# stops the service at the end. The bench service consumes envelope events under its own consumer
# group (document-service-bench), so that it never takes partitions from another document-service.
# Needs PostgreSQL and Kafka (`./signport infra up` is run only if `./signport infra status` fails),
# a JDK 17, curl, and wrk (installed with apt-get when missing and running as root; otherwise run
# `sudo apt-get install -y wrk`). To measure a copy of the repository (e.g. a git worktree) against
# the servers of the main checkout, export SIGNPORT_HOME=<main checkout>/.signport first, so that
# no second PostgreSQL/Kafka is started.
#
# Usage: deploy/bench/api-throughput.sh
# Environment:
#   CONNECTIONS  concurrent keep-alive connections (16)
#   THREADS      wrk threads (number of cores, at most CONNECTIONS)
#   WARMUP       warm-up duration per mode, wrk syntax (10s)
#   DURATION     measured duration per mode, wrk syntax (20s)
#   MODES        modes to run, in order ("off on")
#   HEAP         heap options of the service JVMs ("-Xms512m -Xmx512m")
#   PORT         HTTP port of the service the script starts (18090); must be free
#   BUDGET       refill tokens per minute and burst capacity in mode "on" (1000000000)
#   BUILD        set to rebuild document-service (package, not install) before measuring
#   KEEP         set to keep the work directory (service-<mode>.log, wrk-<mode>.txt)
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)
cd "$ROOT"

CONNECTIONS=${CONNECTIONS:-16}
CORES=$(nproc)
THREADS=${THREADS:-$(( CORES < CONNECTIONS ? CORES : CONNECTIONS ))}
WARMUP=${WARMUP:-10s}
DURATION=${DURATION:-20s}
MODES=${MODES:-off on}
HEAP=${HEAP:--Xms512m -Xmx512m}
PORT=${PORT:-18090}
BUDGET=${BUDGET:-1000000000}
BOOTSTRAP=${SIGNPORT_KAFKA_BOOTSTRAP:-127.0.0.1:${SIGNPORT_KAFKA_PORT:-59092}}
APP=$ROOT/document-service/target/quarkus-app
DOC_URL=http://127.0.0.1:$PORT
WORK=$(mktemp -d "${TMPDIR:-/tmp}/signport-bench.XXXXXX")
STARTED_PID=""

stop_service() {
  if [[ -n $STARTED_PID ]] && kill -0 "$STARTED_PID" 2>/dev/null; then
    kill "$STARTED_PID" 2>/dev/null || true
    wait "$STARTED_PID" 2>/dev/null || true
  fi
  STARTED_PID=""
}
cleanup() {
  stop_service
  if [[ -n ${KEEP:-} ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

die() { echo "api-throughput: $*" >&2; exit 1; }
[[ $CONNECTIONS =~ ^[1-9][0-9]*$ && $THREADS =~ ^[1-9][0-9]*$ ]] || die "CONNECTIONS and THREADS must be positive numbers"
(( THREADS <= CONNECTIONS )) || die "THREADS ($THREADS) must not exceed CONNECTIONS ($CONNECTIONS)"
for mode in $MODES; do [[ $mode == off || $mode == on ]] || die "unknown mode '$mode' in MODES (off, on)"; done
for tool in curl java awk; do
  command -v "$tool" >/dev/null || die "needs $tool on PATH"
done
if ! command -v wrk >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "installing wrk (apt-get)..."
    { apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }; } >"$WORK/apt.log" 2>&1 \
      || { tail -n 20 "$WORK/apt.log" >&2; die "could not install wrk"; }
  else
    die "needs wrk: sudo apt-get install -y wrk (Debian/Ubuntu), or build it from https://github.com/wg/wrk"
  fi
fi

# --- what is measured --------------------------------------------------------------------------

./signport infra status >/dev/null 2>&1 || ./signport infra up >/dev/null
if [[ -n ${BUILD:-} || ! -f $APP/quarkus-run.jar ]]; then
  echo "building document-service..."
  ./mvnw -B -q -pl document-service -am package -DskipTests
fi
timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null && die "port $PORT is already in use: choose another PORT"

API_KEY=$(java -cp "$APP/lib/main/*" deploy/bench/PublishApiKey.java "$BOOTSTRAP" 2>/dev/null | tail -n 1)
[[ $API_KEY == sk_test_* ]] || die "could not issue an API key on $BOOTSTRAP"
AUTH="Authorization: Bearer $API_KEY"

# A small valid one-page PDF with a correct cross-reference table.
PDF=$WORK/bench.pdf
OFFSETS=()
pdf_add() { OFFSETS+=("$(stat -c %s "$PDF")"); printf '%b' "$1" >>"$PDF"; }
content='72 720 m 540 720 l S'
printf '%%PDF-1.7\n%%\342\343\317\323\n' >"$PDF"
pdf_add '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n'
pdf_add '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n'
pdf_add '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n'
pdf_add "4 0 obj\n<< /Length ${#content} >>\nstream\n${content}\nendstream\nendobj\n"
xref=$(stat -c %s "$PDF")
printf 'xref\n0 5\n0000000000 65535 f \n' >>"$PDF"
for o in "${OFFSETS[@]}"; do printf '%010d 00000 n \n' "$o" >>"$PDF"; done
printf 'trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' "$xref" >>"$PDF"

# wrk script: counts every status per thread and prints machine-readable totals at the end.
cat >"$WORK/count.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local total, ok, non2xx, tooMany = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do
      total = total + n
      if code == 200 then ok = ok + n end
      if code < 200 or code > 299 then non2xx = non2xx + n end
      if code == 429 then tooMany = tooMany + n end
      io.write(string.format("BENCH status_%d=%d\n", code, n))
    end
  end
  local e = summary.errors
  io.write(string.format("BENCH requests=%d responses=%d ok=%d non2xx=%d r429=%d duration_us=%d " ..
      "p50_us=%d p99_us=%d sockerr=%d\n", summary.requests, total, ok, non2xx, tooMany, summary.duration,
      latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.timeout))
end
LUA

# CPU accounting over the measured run: the machine (/proc/stat) and the service JVM (/proc/<pid>/stat),
# so that a run disturbed by other work on the machine shows (busy well above what the service uses).
machine_jiffies() { awk '/^cpu / { idle = $5 + $6; t = 0; for (i = 2; i <= 9; i++) t += $i; print t, idle }' /proc/stat; }
process_jiffies() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

bench_value() { sed -n 's/^BENCH .*\b'"$2"'=\([0-9]*\).*/\1/p' "$1" | head -n 1; }

start_service() { # start_service <mode>
  local mode=$1 env=(SIGNPORT_RATE_LIMIT_ENABLED=false)
  [[ $mode == on ]] && env=(SIGNPORT_RATE_LIMIT_ENABLED=true SIGNPORT_RATE_LIMIT_REFILL_TOKENS="$BUDGET"
    SIGNPORT_RATE_LIMIT_REFILL_PERIOD=PT1M SIGNPORT_RATE_LIMIT_BURST_CAPACITY="$BUDGET")
  local log=$WORK/service-$mode.log
  # shellcheck disable=SC2086 # HEAP holds several JVM options
  env "${env[@]}" PORT="$PORT" SIGNPORT_SERVICE_TOKEN=bench-service-token QUARKUS_OTEL_SDK_DISABLED=true \
    SIGNPORT_DOCUMENTS_SPOOL_DIR="$WORK/spool" \
    MP_MESSAGING_INCOMING_ENVELOPE_EVENTS_GROUP_ID=document-service-bench \
    java $HEAP -XX:+ExitOnOutOfMemoryError -jar "$APP/quarkus-run.jar" >"$log" 2>&1 &
  STARTED_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "$DOC_URL/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$STARTED_PID" 2>/dev/null || { tail -n 40 "$log" >&2; die "limiter $mode: service exited"; }
    sleep 0.5
  done
  curl -sf "$DOC_URL/q/health/ready" >/dev/null || { tail -n 40 "$log" >&2; die "limiter $mode: service not ready"; }
  # The key reaches the service through its Kafka replica: wait until it is accepted.
  for _ in $(seq 1 60); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$DOC_URL/api/v1/documents?limit=1") == 200 ]] && return 0
    sleep 0.5
  done
  die "limiter $mode: the API key was not accepted within 30 s"
}

run_wrk() { # run_wrk <duration> <out file>
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "$1" --timeout 10s --latency -s "$WORK/count.lua" \
    -H "$AUTH" "$DOC_URL/api/v1/documents/$DOC_ID" >"$2" 2>&1 || { cat "$2" >&2; die "wrk failed"; }
  grep -q '^BENCH requests=' "$2" || { cat "$2" >&2; die "wrk printed no summary"; }
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
FAILED=0
declare -A RPS P50 P99 REQS NON2XX R429 NOT200 SOCKERR BUSY SVC
for mode in $MODES; do
  echo "limiter $mode: starting document-service on :$PORT ($HEAP)"
  start_service "$mode"
  code=$(curl -sS -o "$WORK/upload.json" -w '%{http_code}' -H "$AUTH" -F "file=@$PDF;filename=bench.pdf" \
    "$DOC_URL/api/v1/documents")
  [[ $code == 201 ]] || { cat "$WORK/upload.json" >&2; die "limiter $mode: upload answered $code"; }
  DOC_ID=$(grep -o '"id":"doc_[^"]*"' "$WORK/upload.json" | cut -d'"' -f4)
  code=$(curl -sS -D "$WORK/headers" -o /dev/null -w '%{http_code}' -H "$AUTH" "$DOC_URL/api/v1/documents/$DOC_ID")
  [[ $code == 200 ]] || die "limiter $mode: GET /api/v1/documents/$DOC_ID answered $code"
  limit=$(tr -d '\r' <"$WORK/headers" | sed -n 's/^[Rr]ate[Ll]imit-[Ll]imit: *//p')
  if [[ $mode == off ]]; then
    [[ -z $limit ]] || die "limiter off: the service still sends RateLimit-Limit: $limit"
  else
    [[ $limit == "$BUDGET" ]] || die "limiter on: expected RateLimit-Limit: $BUDGET, got '${limit:-none}'"
  fi

  echo "limiter $mode: warm-up $WARMUP, then $DURATION measured ($CONNECTIONS connections, $THREADS wrk threads)"
  run_wrk "$WARMUP" "$WORK/wrk-$mode-warmup.txt"
  read -r total0 idle0 < <(machine_jiffies)
  svc0=$(process_jiffies "$STARTED_PID")
  run_wrk "$DURATION" "$WORK/wrk-$mode.txt"
  read -r total1 idle1 < <(machine_jiffies)
  svc1=$(process_jiffies "$STARTED_PID")
  BUSY[$mode]=$(awk -v t=$(( total1 - total0 )) -v i=$(( idle1 - idle0 )) 'BEGIN { printf "%.0f", 100 * (t - i) / t }')
  SVC[$mode]=$(awk -v t=$(( total1 - total0 )) -v s=$(( svc1 - svc0 )) -v n="$CORES" 'BEGIN { printf "%.2f", n * s / t }')
  out=$WORK/wrk-$mode.txt
  kill -0 "$STARTED_PID" 2>/dev/null || { tail -n 40 "$WORK/service-$mode.log" >&2; die "limiter $mode: service died"; }

  REQS[$mode]=$(bench_value "$out" requests)
  RPS[$mode]=$(awk -v n="${REQS[$mode]}" -v us="$(bench_value "$out" duration_us)" 'BEGIN { printf "%.0f", n * 1e6 / us }')
  P50[$mode]=$(awk -v us="$(bench_value "$out" p50_us)" 'BEGIN { printf "%.2f", us / 1000 }')
  P99[$mode]=$(awk -v us="$(bench_value "$out" p99_us)" 'BEGIN { printf "%.2f", us / 1000 }')
  NON2XX[$mode]=$(bench_value "$out" non2xx)
  R429[$mode]=$(bench_value "$out" r429)
  NOT200[$mode]=$(( $(bench_value "$out" responses) - $(bench_value "$out" ok) ))
  SOCKERR[$mode]=$(bench_value "$out" sockerr)
  for f in "$WORK/wrk-$mode-warmup.txt" "$out"; do
    bad=$(( $(bench_value "$f" responses) - $(bench_value "$f" ok) + $(bench_value "$f" sockerr) ))
    if (( bad > 0 || $(bench_value "$f" ok) == 0 )); then
      FAILED=1
      echo "limiter $mode: FAILED, not every request got a 200 ($(basename "$f")):" >&2
      grep -v '^BENCH requests' "$f" >&2
    fi
  done
  curl -sS -o /dev/null -X DELETE -H "$AUTH" "$DOC_URL/api/v1/documents/$DOC_ID" || true
  stop_service
done

# --- report --------------------------------------------------------------------------------------

echo
echo "GET /api/v1/documents/{id}, $CONNECTIONS connections, $THREADS wrk threads, warm-up $WARMUP, measured $DURATION"
echo "machine: $CORES cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), load generator on the same machine;" \
  "load average before the benchmark: $LOAD_BEFORE"
echo "service JVM: $(java -version 2>&1 | head -n 2 | tail -n 1), $HEAP -XX:+ExitOnOutOfMemoryError"
echo "code: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$([[ -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]] && echo ' + uncommitted changes')"
echo
printf '%-12s %9s %8s %8s %10s %8s %8s %6s %9s %10s %10s\n' mode req/s p50_ms p99_ms requests non-200 non-2xx 429 \
  sock_err cpu_busy_% svc_cores
for mode in $MODES; do
  printf '%-12s %9s %8s %8s %10s %8s %8s %6s %9s %10s %10s\n' "limiter $mode" "${RPS[$mode]}" "${P50[$mode]}" \
    "${P99[$mode]}" "${REQS[$mode]}" "${NOT200[$mode]}" "${NON2XX[$mode]}" "${R429[$mode]}" "${SOCKERR[$mode]}" \
    "${BUSY[$mode]}" "${SVC[$mode]}"
done
echo "cpu_busy_%: whole machine during the measured run; svc_cores: CPU used by the service JVM (in cores)."
echo "The rest is wrk, PostgreSQL (the limiter's database) and anything else running on the machine."
if [[ -n ${RPS[on]:-} && -n ${RPS[off]:-} ]]; then
  echo
  awk -v on="${RPS[on]}" -v off="${RPS[off]}" \
    'BEGIN { printf "ratio on/off of req/s: %.2f (target >= 0.80)\n", on / off }'
fi
(( FAILED == 0 )) || die "a run had responses other than 200 or socket errors (see above)"
