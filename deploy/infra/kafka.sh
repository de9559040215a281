# shellcheck shell=bash
# Single-node KRaft Kafka for ./signport: broker jars from Maven Central (deploy/kafka-dist), storage
# formatted once, start/stop by PID, topics from deploy/kafka/topics.txt (deploy/infra/Topics.java).
# Sourced by ./signport; uses deploy/infra/common.sh.

SIGNPORT_KAFKA=$SIGNPORT_HOME/kafka
KAFKA_LIBS=$SIGNPORT_KAFKA/libs
KAFKA_TOOLS=$SIGNPORT_KAFKA/tools
KAFKA_DATA=$SIGNPORT_KAFKA/data
KAFKA_CONF=$SIGNPORT_KAFKA/server.properties
KAFKA_PID_FILE=$SIGNPORT_RUN/kafka.pid
KAFKA_ENV_FILE=$SIGNPORT_RUN/kafka.env
KAFKA_LOG=$SIGNPORT_LOGS/kafka.log       # broker log (log4j2, deploy/kafka/log4j2.xml)
KAFKA_OUT=$SIGNPORT_LOGS/kafka.out       # JVM stdout/stderr, storage format output
KAFKA_DIST_LOG=$SIGNPORT_LOGS/kafka-dist.log
KAFKA_DIST_POM=$SIGNPORT_ROOT/deploy/kafka-dist/pom.xml
KAFKA_TOOLS_LOG4J=$SIGNPORT_ROOT/deploy/kafka/log4j2-tools.xml
KAFKA_TOPICS_FILE=$SIGNPORT_ROOT/deploy/kafka/topics.txt

# Sets JAVA and JAVAC (JAVA_HOME first, else PATH); Kafka 4 needs Java 17+.
kafka_find_java() {
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    JAVA=$JAVA_HOME/bin/java
  elif command -v java >/dev/null 2>&1; then
    JAVA=$(command -v java)
  else
    die "java not found: install a JDK 17+ or set JAVA_HOME"
  fi
  JAVAC=$(dirname "$(readlink -f "$JAVA")")/javac
  [[ -x $JAVAC ]] || die "$JAVA is not part of a JDK (no javac next to it): install a JDK 17+ or set JAVA_HOME"
  local version
  version=$("$JAVA" -version 2>&1 | sed -n -E '1s/^[^"]*"(1\.)?([0-9]+).*/\2/p')
  [[ $version =~ ^[0-9]+$ ]] || die "cannot tell the version of $JAVA"
  (( version >= 17 )) || die "Kafka needs Java 17 or newer; $JAVA is Java $version (set JAVA_HOME)"
}

# Copies the broker jars once, and again whenever deploy/kafka-dist/pom.xml changes.
kafka_ensure_libs() {
  local want
  want=$(sha256sum <"$KAFKA_DIST_POM" | cut -c1-16)
  if [[ -f $KAFKA_LIBS/.dist-stamp && $(<"$KAFKA_LIBS/.dist-stamp") == "$want" ]]; then
    return 0
  fi
  info "copying the Kafka broker jars (deploy/kafka-dist) into $KAFKA_LIBS (log: $KAFKA_DIST_LOG)"
  local tmp=$SIGNPORT_KAFKA/libs.tmp
  rm -rf "$tmp"
  local mvn=("$SIGNPORT_ROOT/mvnw" -B -ntp -f "$KAFKA_DIST_POM")
  if ! "${mvn[@]}" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" \
      >"$KAFKA_DIST_LOG" 2>&1 </dev/null; then
    log_tail "$KAFKA_DIST_LOG"
    die "could not copy the Kafka jars with Maven (full log: $KAFKA_DIST_LOG)"
  fi
  compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null || die "no kafka_2.13 jar was copied (see $KAFKA_DIST_LOG)"
  printf '%s\n' "$want" >"$tmp/.dist-stamp"
  rm -rf "$KAFKA_LIBS" "$KAFKA_TOOLS"
  mv "$tmp" "$KAFKA_LIBS"
}

kafka_version() {
  local jar
  jar=$(compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" | head -n 1) || true
  jar=${jar##*/kafka_2.13-}
  printf '%s' "${jar%.jar}"
}

# Compiles deploy/infra/Topics.java once per source change (the source launcher would recompile it
# on every call, ~1 s each).
kafka_compile_tools() {
  local src=$SIGNPORT_ROOT/deploy/infra/Topics.java want
  want=$( { sha256sum <"$src"; printf '%s' "$JAVA"; } | sha256sum | cut -c1-16)
  if [[ -f $KAFKA_TOOLS/.stamp && $(<"$KAFKA_TOOLS/.stamp") == "$want" ]]; then
    return 0
  fi
  rm -rf "$KAFKA_TOOLS"
  mkdir -p "$KAFKA_TOOLS"
  "$JAVAC" -nowarn -d "$KAFKA_TOOLS" -cp "$KAFKA_LIBS/*" "$src" || die "could not compile $src"
  printf '%s\n' "$want" >"$KAFKA_TOOLS/.stamp"
}

# kafka_topics <port> <Topics arguments...>
kafka_topics() {
  local port=$1
  shift
  "$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$KAFKA_TOOLS_LOG4J" \
    -cp "$KAFKA_TOOLS:$KAFKA_LIBS/*" Topics --bootstrap "127.0.0.1:$port" "$@"
}

kafka_load_record() {
  REC_KAFKA_PORT='' REC_KAFKA_CONTROLLER_PORT=''
  if [[ -f $KAFKA_ENV_FILE ]]; then
    # shellcheck disable=SC1090
    source "$KAFKA_ENV_FILE"
  fi
}

# Prints the PID of our broker, or nothing. With --adopt, a broker running our server.properties
# whose PID file is gone is taken over.
kafka_running_pid() {
  local pid
  pid=$(read_pid_file "$KAFKA_PID_FILE")
  if [[ -n $pid ]] && pid_is "$pid" kafka.Kafka "$KAFKA_CONF"; then
    printf '%s' "$pid"
    return 0
  fi
  if [[ ${1:-} == --adopt && -d /proc ]]; then
    local dir
    for dir in /proc/[0-9]*; do
      pid=${dir#/proc/}
      if [[ -r $dir/cmdline ]] && pid_is "$pid" kafka.Kafka "$KAFKA_CONF"; then
        local port
        port=$(sed -n -E 's|^listeners=PLAINTEXT://127\.0\.0\.1:([0-9]+),CONTROLLER://127\.0\.0\.1:([0-9]+).*|\1 \2|p' "$KAFKA_CONF")
        warn "found a Kafka broker of $SIGNPORT_HOME without PID file (pid $pid); adopting it"
        REC_KAFKA_PORT=${port% *} REC_KAFKA_CONTROLLER_PORT=${port#* }
        printf '%s\n' "$pid" >"$KAFKA_PID_FILE"
        write_env_file "$KAFKA_ENV_FILE" REC_KAFKA_PORT REC_KAFKA_CONTROLLER_PORT
        printf '%s' "$pid"
        return 0
      fi
    done
  fi
  return 0
}

kafka_write_config() {
  local conf
  conf=$(<"$SIGNPORT_ROOT/deploy/kafka/server.properties")
  conf=${conf//@KAFKA_PORT@/$SIGNPORT_KAFKA_PORT}
  conf=${conf//@CONTROLLER_PORT@/$SIGNPORT_KAFKA_CONTROLLER_PORT}
  conf=${conf//@DATA_DIR@/$KAFKA_DATA}
  printf '# GENERATED by ./signport from deploy/kafka/server.properties — edit that file instead.\n%s\n' "$conf" >"$KAFKA_CONF"
}

kafka_format() {
  [[ -f $KAFKA_DATA/meta.properties ]] && return 0
  mkdir -p "$KAFKA_DATA"
  local tool=("$JAVA" -Dlog4j2.configurationFile="$KAFKA_TOOLS_LOG4J" -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool)
  local cluster_id
  cluster_id=$("${tool[@]}" random-uuid 2>>"$KAFKA_OUT") || die "kafka-storage random-uuid failed (see $KAFKA_OUT)"
  info "formatting Kafka storage in $KAFKA_DATA (cluster id $cluster_id)"
  # controller.quorum.voters is set (static quorum), so neither --standalone nor --initial-controllers.
  if ! "${tool[@]}" format --cluster-id "$cluster_id" --config "$KAFKA_CONF" >>"$KAFKA_OUT" 2>&1; then
    log_tail "$KAFKA_OUT"
    die "formatting Kafka storage failed (full log: $KAFKA_OUT)"
  fi
}

# kafka_prepare: checks Java and finds a running broker (KAFKA_RUNNING_PID), without starting anything.
kafka_prepare() {
  kafka_find_java
  KAFKA_RUNNING_PID=$(kafka_running_pid --adopt)
  kafka_load_record
}

# kafka_up: ensures our broker runs and the topics exist (after kafka_prepare). Sets
# KAFKA_STARTED_PID when it started it.
kafka_up() {
  KAFKA_STARTED_PID=''
  local pid=$KAFKA_RUNNING_PID
  if [[ -n $pid ]]; then
    if [[ $REC_KAFKA_PORT != "$SIGNPORT_KAFKA_PORT" ]]; then
      warn "Kafka already runs on port $REC_KAFKA_PORT; SIGNPORT_KAFKA_PORT=$SIGNPORT_KAFKA_PORT ignored (run ./signport infra down first)"
    fi
    SIGNPORT_KAFKA_PORT=$REC_KAFKA_PORT
    SIGNPORT_KAFKA_CONTROLLER_PORT=$REC_KAFKA_CONTROLLER_PORT
    kafka_compile_tools
    if ! kafka_topics "$REC_KAFKA_PORT" --timeout "$SIGNPORT_START_TIMEOUT" ensure "$KAFKA_TOPICS_FILE"; then
      log_tail "$KAFKA_LOG"
      die "Kafka (pid $pid) is running but does not answer on 127.0.0.1:$REC_KAFKA_PORT (log: $KAFKA_LOG)"
    fi
    info "Kafka already running (pid $pid, 127.0.0.1:$REC_KAFKA_PORT, controller $REC_KAFKA_CONTROLLER_PORT)"
    return 0
  fi
  rm -f "$KAFKA_PID_FILE" "$KAFKA_ENV_FILE"
  require_free_port "$SIGNPORT_KAFKA_PORT" "Kafka"
  require_free_port "$SIGNPORT_KAFKA_CONTROLLER_PORT" "the Kafka controller"
  mkdir -p "$SIGNPORT_KAFKA"
  kafka_ensure_libs
  kafka_compile_tools
  kafka_write_config
  kafka_format

  local start
  start=$(now_ms)
  info "starting Kafka $(kafka_version) (KRaft) on 127.0.0.1:$SIGNPORT_KAFKA_PORT, controller $SIGNPORT_KAFKA_CONTROLLER_PORT (log: $KAFKA_LOG)"
  local heap
  read -r -a heap <<<"$SIGNPORT_KAFKA_HEAP_OPTS"
  printf '\n=== %s signport: starting kafka.Kafka %s\n' "$(date '+%F %T')" "$KAFKA_CONF" >>"$KAFKA_OUT"
  # setsid: own session, so a Ctrl-C in this terminal does not reach the broker.
  setsid "$JAVA" "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$SIGNPORT_ROOT/deploy/kafka/log4j2.xml" -Dsignport.logs.dir="$SIGNPORT_LOGS" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONF" >>"$KAFKA_OUT" 2>&1 </dev/null 9>&- &
  pid=$!
  printf '%s\n' "$pid" >"$KAFKA_PID_FILE"
  REC_KAFKA_PORT=$SIGNPORT_KAFKA_PORT REC_KAFKA_CONTROLLER_PORT=$SIGNPORT_KAFKA_CONTROLLER_PORT
  write_env_file "$KAFKA_ENV_FILE" REC_KAFKA_PORT REC_KAFKA_CONTROLLER_PORT
  # shellcheck disable=SC2034 # read by ./signport (roll back / stop what this run started)
  KAFKA_STARTED_PID=$pid

  local deadline=$(( start + SIGNPORT_START_TIMEOUT * 1000 ))
  until port_open "$SIGNPORT_KAFKA_PORT"; do
    if ! pid_alive "$pid"; then
      log_tail "$KAFKA_OUT" 20
      log_tail "$KAFKA_LOG"
      die "Kafka exited during startup (logs: $KAFKA_LOG, $KAFKA_OUT)"
    fi
    if (( $(now_ms) > deadline )); then
      log_tail "$KAFKA_LOG"
      die "Kafka did not open 127.0.0.1:$SIGNPORT_KAFKA_PORT within ${SIGNPORT_START_TIMEOUT}s (log: $KAFKA_LOG)"
    fi
    sleep 0.2
  done
  local remaining=$(( (deadline - $(now_ms)) / 1000 ))
  (( remaining > 5 )) || remaining=5
  if ! kafka_topics "$SIGNPORT_KAFKA_PORT" --timeout "$remaining" ensure "$KAFKA_TOPICS_FILE"; then
    log_tail "$KAFKA_LOG"
    die "Kafka did not become ready / topics could not be created (log: $KAFKA_LOG)"
  fi
  info "Kafka ready in $(elapsed_s "$start")s (pid $pid, 127.0.0.1:$SIGNPORT_KAFKA_PORT)"
}

kafka_down() {
  local pid=${1:-}
  # An explicit PID (what this invocation started) is only signalled while it is still that server.
  [[ -z $pid ]] || pid_is "$pid" kafka.Kafka || pid=''
  [[ -n ${1:-} ]] || pid=$(kafka_running_pid)
  if [[ -z $pid ]]; then
    rm -f "$KAFKA_PID_FILE" "$KAFKA_ENV_FILE"
    info "Kafka not running"
    return 0
  fi
  stop_pid "$pid" Kafka TERM "$SIGNPORT_STOP_TIMEOUT"
  rm -f "$KAFKA_PID_FILE" "$KAFKA_ENV_FILE"
  info "stopped Kafka (pid $pid)"
}

kafka_status() {
  local pid
  pid=$(kafka_running_pid)
  kafka_load_record
  if [[ -z $pid ]]; then
    printf '%-11s %s\n' Kafka stopped
    return 1
  fi
  local answer=''
  if port_open "$REC_KAFKA_PORT" && [[ -d $KAFKA_TOOLS ]]; then
    kafka_find_java
    answer=$(kafka_topics "$REC_KAFKA_PORT" --timeout 10 ping 2>/dev/null) || answer=''
  fi
  if [[ -n $answer ]]; then
    printf '%-11s %-8s pid %-7s 127.0.0.1:%s  controller %s  %s\n' Kafka running "$pid" "$REC_KAFKA_PORT" \
      "$REC_KAFKA_CONTROLLER_PORT" "${answer%%,*}"
    return 0
  fi
  printf '%-11s %-8s pid %-7s 127.0.0.1:%s  NOT answering (log: %s)\n' Kafka running "$pid" "$REC_KAFKA_PORT" "$KAFKA_LOG"
  return 1
}
