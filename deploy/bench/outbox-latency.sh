#!/usr/bin/env bash
# Outbox commit-to-consumer latency of the platform relay (LISTEN/NOTIFY wake-up), measured by the
# platform's test application against the real PostgreSQL and Kafka. Prints percentiles.
# Usage: deploy/bench/outbox-latency.sh [events]   (default 300; starts the infra if needed)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)
cd "$ROOT"
./signport infra up
./mvnw -B -q -pl platform -am install -DskipTests
./mvnw -B -pl platform surefire:test -Dtest=OutboxLatencyBench -Dsignport.bench=true \
  -Dsignport.bench.events="${1:-300}" -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | grep -A3 'OUTBOX LATENCY'
