#!/usr/bin/env bash
# Heap cost of a large upload to document-service: uploads a generated ~50 MB PDF in each upload
# form (multipart exactly as the Certyneo quickstart's `curl -F "file=@contrat.pdf"`, raw
# application/pdf, JSON base64), reads it back, and reports time and heap used before, during and
# after, measured in the service JVM with `jcmd GC.heap_info` (after a forced GC) and sampled every
# 100 ms from Micrometer's jvm_memory_used_bytes on /q/metrics.
#
# By default the script starts its own document-service from the built jar with a deliberately
# small heap (HEAP, -Xmx128m): an implementation that buffered a 50 MB upload (or its 67 MB base64
# form) would fail there, so the run passing is itself part of the result. It issues a throw-away
# test API key on signport.api-keys.v1 (deploy/bench/PublishApiKey.java) and stops the service at
# the end. Needs ./signport infra up (started if needed), a JDK with jcmd, curl, base64, sha256sum.
#
# Usage: deploy/bench/upload-heap.sh
# Environment:
#   SIZE_MB      size of the generated PDF in MiB (50; the service's default limit is 50 MiB)
#   FORMS        upload forms to measure ("multipart raw json")
#   HEAP         JVM options of the service the script starts ("-Xmx128m")
#   PORT         HTTP port of the service the script starts (18082)
#   KEEP         set to keep the work directory (service.log, gc.log, the PDF)
#   To measure a service that is already running instead (same machine, same user for jcmd):
#   DOC_URL      its base URL, e.g. http://127.0.0.1:8080
#   API_KEY      a valid sk_test_/sk_live_ key of some tenant
#   SERVICE_PID  its process id (for jcmd)
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)
cd "$ROOT"

SIZE_MB=${SIZE_MB:-50}
FORMS=${FORMS:-multipart raw json}
HEAP=${HEAP:--Xmx128m}
PORT=${PORT:-18082}
BOOTSTRAP=${SIGNPORT_KAFKA_BOOTSTRAP:-127.0.0.1:${SIGNPORT_KAFKA_PORT:-59092}}
APP=$ROOT/document-service/target/quarkus-app
WORK=$(mktemp -d "${TMPDIR:-/tmp}/signport-bench.XXXXXX")
STARTED_PID=""

cleanup() {
  if [[ -n $STARTED_PID ]] && kill -0 "$STARTED_PID" 2>/dev/null; then
    kill "$STARTED_PID" 2>/dev/null || true
    wait "$STARTED_PID" 2>/dev/null || true
  fi
  if [[ -n ${KEEP:-} ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

die() { echo "upload-heap: $*" >&2; exit 1; }
for tool in curl jcmd base64 sha256sum java; do
  command -v "$tool" >/dev/null || die "needs $tool on PATH"
done

# --- the service under test ----------------------------------------------------------------------

if [[ -z ${DOC_URL:-} ]]; then
  ./signport infra up >/dev/null
  if [[ ! -f $APP/quarkus-run.jar ]]; then
    echo "building document-service..."
    ./mvnw -B -q -pl document-service -am install -DskipTests
  fi
  API_KEY=$(java -cp "$APP/lib/main/*" deploy/bench/PublishApiKey.java "$BOOTSTRAP" 2>/dev/null | tail -n 1)
  [[ $API_KEY == sk_test_* ]] || die "could not issue an API key on $BOOTSTRAP"
  echo "starting document-service on :$PORT with $HEAP (log: service.log in $WORK)"
  # shellcheck disable=SC2086 # HEAP holds several JVM options
  PORT=$PORT SIGNPORT_SERVICE_TOKEN=bench-service-token QUARKUS_OTEL_SDK_DISABLED=true \
    SIGNPORT_DOCUMENTS_SPOOL_DIR="$WORK/spool" \
    java $HEAP -XX:+ExitOnOutOfMemoryError -Xlog:gc:file="$WORK/gc.log" -jar "$APP/quarkus-run.jar" >"$WORK/service.log" 2>&1 &
  STARTED_PID=$!
  SERVICE_PID=$STARTED_PID
  DOC_URL=http://127.0.0.1:$PORT
  for _ in $(seq 1 120); do
    curl -sf "$DOC_URL/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$STARTED_PID" 2>/dev/null || { tail -n 40 "$WORK/service.log" >&2; die "service exited"; }
    sleep 0.5
  done
  curl -sf "$DOC_URL/q/health/ready" >/dev/null || { tail -n 40 "$WORK/service.log" >&2; die "service not ready"; }
fi
[[ -n ${API_KEY:-} && -n ${SERVICE_PID:-} ]] || die "set DOC_URL, API_KEY and SERVICE_PID together"
AUTH="Authorization: Bearer $API_KEY"

# The key reaches the service through its Kafka replica: wait until it is accepted.
for _ in $(seq 1 60); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$DOC_URL/api/v1/documents?limit=1") == 200 ]] && break
  sleep 0.5
done

# --- a large, valid PDF ------------------------------------------------------------------------
# One page, plus an unreferenced-by-pages stream of random (incompressible) bytes, with a correct
# cross-reference table, so that PDFBox parses it like any real document.

PDF=$WORK/bench.pdf
OFFSETS=()
pdf_add() { OFFSETS+=("$(stat -c %s "$PDF")"); printf '%b' "$1" >>"$PDF"; }
make_pdf() {
  local padding=$1 content='72 720 m 540 720 l S' xref
  printf '%%PDF-1.7\n%%\342\343\317\323\n' >"$PDF"
  pdf_add '1 0 obj\n<< /Type /Catalog /Pages 2 0 R /BenchPadding 5 0 R >>\nendobj\n'
  pdf_add '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n'
  pdf_add '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n'
  pdf_add "4 0 obj\n<< /Length ${#content} >>\nstream\n${content}\nendstream\nendobj\n"
  pdf_add "5 0 obj\n<< /Length $padding >>\nstream\n"
  head -c "$padding" /dev/urandom >>"$PDF"
  printf '\nendstream\nendobj\n' >>"$PDF"
  xref=$(stat -c %s "$PDF")
  printf 'xref\n0 6\n0000000000 65535 f \n' >>"$PDF"
  for o in "${OFFSETS[@]}"; do printf '%010d 00000 n \n' "$o" >>"$PDF"; done
  printf 'trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' "$xref" >>"$PDF"
}
make_pdf $(( SIZE_MB * 1024 * 1024 - 4096 ))
PDF_BYTES=$(stat -c %s "$PDF")
PDF_SHA=$(sha256sum "$PDF" | cut -d' ' -f1)
JSON=$WORK/bench.json
{ printf '{"name":"bench.pdf","contentBase64":"'; base64 -w0 "$PDF"; printf '"}'; } >"$JSON"

# --- measuring -------------------------------------------------------------------------------------

heap_kb() { jcmd "$SERVICE_PID" GC.heap_info | grep -o 'used [0-9]*K' | head -n 1 | tr -dc '0-9'; }
full_gc() { jcmd "$SERVICE_PID" GC.run >/dev/null; sleep 0.3; }
metrics_heap_kb() {
  curl -s "$DOC_URL/q/metrics" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { printf "%d\n", s / 1024 }'
}
sample() { while :; do metrics_heap_kb >>"$1"; sleep 0.1; done; }
gc_lines() { [[ -f $WORK/gc.log ]] && wc -l <"$WORK/gc.log" || echo 0; }
# Largest heap left after any collection logged since line $1 of the GC log (-Xlog:gc): an upper
# bound of what the upload kept alive at once (live data plus old garbage not yet collected).
max_after_gc_kb() {
  [[ -f $WORK/gc.log ]] || { echo ""; return; }
  tail -n +"$(( $1 + 1 ))" "$WORK/gc.log" | grep -v 'Full\|System.gc' \
    | grep -o '[0-9]*M->[0-9]*M' | sed 's/.*->//; s/M//' | sort -n | tail -n 1 | awk '{ print $1 * 1024 }'
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

upload() { # upload <form> -> "<http code> <seconds>", body in $WORK/resp.json
  case $1 in
    multipart) curl -sS -o "$WORK/resp.json" -w '%{http_code} %{time_total}' -H "$AUTH" \
                 -F "file=@$PDF;filename=contrat.pdf" "$DOC_URL/api/v1/documents" ;;
    raw)       curl -sS -o "$WORK/resp.json" -w '%{http_code} %{time_total}' -H "$AUTH" \
                 -H 'Content-Type: application/pdf' --data-binary "@$PDF" \
                 "$DOC_URL/api/v1/documents?name=contrat.pdf" ;;
    json)      curl -sS -o "$WORK/resp.json" -w '%{http_code} %{time_total}' -H "$AUTH" \
                 -H 'Content-Type: application/json' --data-binary "@$JSON" "$DOC_URL/api/v1/documents" ;;
    *) die "unknown form $1" ;;
  esac
}

# Warm-up (class loading, pools, JIT) so that the measurement is about the bytes, not first use.
for _ in 1 2; do
  code_time=$(curl -sS -o "$WORK/resp.json" -w '%{http_code}' -H "$AUTH" -F "file=@$PDF;filename=warm.pdf" \
    "$DOC_URL/api/v1/documents")
  [[ $code_time == 201 ]] || { cat "$WORK/resp.json" >&2; die "warm-up upload failed ($code_time)"; }
  id=$(grep -o '"id":"doc_[^"]*"' "$WORK/resp.json" | cut -d'"' -f4)
  curl -sS -o /dev/null -H "$AUTH" "$DOC_URL/api/v1/documents/$id/content"
  curl -sS -o /dev/null -X DELETE -H "$AUTH" "$DOC_URL/api/v1/documents/$id"
done

echo
echo "document-service heap, ${PDF_BYTES} byte PDF (service JVM: pid $SERVICE_PID, $(java -version 2>&1 | head -n 1))"
printf '%-10s %6s %9s %7s %15s %20s %20s %14s %7s\n' form status upload_s MB/s live_before_MB max_after_young_gc_MB peak_incl_garbage_MB live_after_MB read_s
for form in $FORMS; do
  full_gc
  before=$(heap_kb)
  gc_from=$(gc_lines)
  : >"$WORK/samples"
  sample "$WORK/samples" &
  sampler=$!
  result=$(upload "$form")
  code=${result% *}
  secs=${result#* }
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  peak=$(sort -n "$WORK/samples" | tail -n 1)
  young=$(max_after_gc_kb "$gc_from")
  full_gc
  after=$(heap_kb)
  [[ $code == 201 ]] || { cat "$WORK/resp.json" >&2; die "$form upload answered $code"; }
  id=$(grep -o '"id":"doc_[^"]*"' "$WORK/resp.json" | cut -d'"' -f4)
  read_secs=$(curl -sS -o "$WORK/back.pdf" -w '%{time_total}' -H "$AUTH" "$DOC_URL/api/v1/documents/$id/content")
  [[ $(sha256sum "$WORK/back.pdf" | cut -d' ' -f1) == "$PDF_SHA" ]] || die "$form: read-back differs"
  curl -sS -o /dev/null -X DELETE -H "$AUTH" "$DOC_URL/api/v1/documents/$id"
  printf '%-10s %6s %9.2f %7.1f %15s %20s %20s %14s %7.2f\n' "$form" "$code" "$secs" \
    "$(awk -v b="$PDF_BYTES" -v s="$secs" 'BEGIN { print b / 1048576 / s }')" \
    "$(mb "$before")" "$([[ -n $young ]] && mb "$young" || echo n/a)" "$(mb "${peak:-0}")" "$(mb "$after")" \
    "$read_secs"
done
echo
echo "live_before/live_after: heap used after a full GC (jcmd GC.heap_info) before and after the upload."
echo "max_after_young_gc: largest heap left after any collection during the upload (-Xlog:gc), i.e. what"
echo "the upload kept alive at once plus old garbage; peak_incl_garbage: highest jvm_memory_used_bytes"
echo "{area=heap} sampled every 100 ms (mostly short-lived buffers the next young GC frees)."
echo "Every upload was read back and compared by SHA-256, then deleted."
