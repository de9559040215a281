# shellcheck shell=bash
# Private PostgreSQL cluster for ./signport: initdb once, start/stop by PID, apply deploy/db/init.sql.
# Sourced by ./signport; uses deploy/infra/common.sh.
#
# PostgreSQL refuses to run as root, so as root every server-side binary runs as the OS user
# $SIGNPORT_PG_OS_USER (default postgres) through runuser. The server's stderr is appended to
# $SIGNPORT_HOME/logs/postgres.log through a file descriptor opened by this script, so that log
# stays writable even when the data directory had to move to /var/tmp (see pg_resolve_dirs).

PG_PID_FILE=$SIGNPORT_RUN/postgres.pid
PG_ENV_FILE=$SIGNPORT_RUN/postgres.env
PG_LOG=$SIGNPORT_LOGS/postgres.log
PG_SUPERUSER=postgres

# Finds the server binaries: SIGNPORT_PG_BIN, else the newest Debian/Ubuntu /usr/lib/postgresql/*/bin,
# else whatever initdb is on PATH.
pg_find_bin() {
  local dir=${SIGNPORT_PG_BIN:-}
  if [[ -z $dir ]]; then
    local candidate version best=0
    for candidate in /usr/lib/postgresql/*/bin; do
      version=${candidate#/usr/lib/postgresql/}
      version=${version%%[!0-9]*}
      if [[ -x $candidate/initdb && -n $version ]] && (( version > best )); then
        best=$version dir=$candidate
      fi
    done
  fi
  if [[ -z $dir ]] && command -v initdb >/dev/null 2>&1; then
    dir=$(dirname "$(command -v initdb)")
  fi
  local tool
  for tool in initdb postgres psql pg_isready; do
    if [[ -z $dir || ! -x $dir/$tool ]]; then
      die "PostgreSQL server binaries not found (missing ${dir:+$dir/}$tool).
  Install them (Debian/Ubuntu: apt-get install -y postgresql-15) or set SIGNPORT_PG_BIN to the folder holding initdb."
    fi
  done
  PG_BIN=$dir
  PG_MAJOR=$("$PG_BIN/postgres" --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')
}

# Sets PG_OS_USER and the as_pg command prefix.
pg_resolve_user() {
  if (( EUID == 0 )); then
    PG_OS_USER=${SIGNPORT_PG_OS_USER:-postgres}
    id -u "$PG_OS_USER" >/dev/null 2>&1 \
      || die "running as root, but the OS user '$PG_OS_USER' that should run PostgreSQL does not exist.
  Create it (useradd --system --home-dir /var/lib/postgresql postgres), set SIGNPORT_PG_OS_USER, or run as a normal user."
    command -v runuser >/dev/null 2>&1 || die "runuser not found (util-linux); it is needed to run PostgreSQL as '$PG_OS_USER'"
    AS_PG=(runuser -u "$PG_OS_USER" --)
  else
    PG_OS_USER=$(id -un)
    AS_PG=()
  fi
}

# Chooses PG_BASE (holding data/ and run/): $SIGNPORT_HOME/pg, or, as root when the postgres OS user
# cannot reach that folder (e.g. a repository under /root), /var/tmp/signport-<hash>/pg.
pg_resolve_dirs() {
  local preferred=$SIGNPORT_HOME/pg
  local fallback
  fallback=/var/tmp/signport-$(short_hash "$SIGNPORT_HOME")/pg
  PG_BASE=$preferred
  if (( EUID == 0 )); then
    if [[ -f $fallback/data/PG_VERSION && ! -f $preferred/data/PG_VERSION ]]; then
      PG_BASE=$fallback
    else
      mkdir -p "$preferred"
      chown "$PG_OS_USER:" "$preferred"
      chmod 0700 "$preferred"
      if ! runuser -u "$PG_OS_USER" -- test -x "$preferred" -a -w "$preferred" 2>/dev/null; then
        rmdir "$preferred" 2>/dev/null || true
        PG_BASE=$fallback
      fi
    fi
    if [[ $PG_BASE == "$fallback" ]]; then
      info "note: OS user '$PG_OS_USER' cannot reach $SIGNPORT_HOME (a parent folder is not searchable),"
      info "      so the PostgreSQL data directory is $fallback/data (logs stay in $SIGNPORT_LOGS)"
      mkdir -p "$fallback"
      chmod 0755 "${fallback%/pg}"
      chown "$PG_OS_USER:" "$fallback"
      chmod 0700 "$fallback"
    fi
  else
    mkdir -p "$PG_BASE"
    chmod 0700 "$PG_BASE"
  fi
  PG_DATA=$PG_BASE/data
  PG_SOCKET_DIR=$PG_BASE/run
  # A unix socket path holds at most 107 bytes ("<dir>/.s.PGSQL.<port>").
  if (( ${#PG_SOCKET_DIR} > 90 )); then
    PG_SOCKET_DIR=/tmp/signport-$(short_hash "$SIGNPORT_HOME")-pgsocket
  fi
  "${AS_PG[@]}" mkdir -p "$PG_SOCKET_DIR"
  "${AS_PG[@]}" chmod 0750 "$PG_SOCKET_DIR"
}

# Loads what the running server was started with (REC_PG_*) from $PG_ENV_FILE.
pg_load_record() {
  REC_PG_DATA='' REC_PG_PORT='' REC_PG_SOCKET_DIR=''
  if [[ -f $PG_ENV_FILE ]]; then
    # shellcheck disable=SC1090
    source "$PG_ENV_FILE"
  fi
}

# Prints the PID of our running postmaster, or nothing. With --adopt, a postmaster of our data
# directory that lost its PID file (found through postmaster.pid) is taken over.
pg_running_pid() {
  pg_load_record
  local pid
  pid=$(read_pid_file "$PG_PID_FILE")
  if [[ -n $pid && -n $REC_PG_DATA ]] && pid_is "$pid" postgres "$REC_PG_DATA"; then
    printf '%s' "$pid"
    return 0
  fi
  if [[ ${1:-} == --adopt && -n ${PG_DATA:-} && -r $PG_DATA/postmaster.pid ]]; then
    pid=$(read_pid_file "$PG_DATA/postmaster.pid")
    if [[ -n $pid ]] && pid_is "$pid" postgres "$PG_DATA"; then
      local port
      port=$(sed -n 4p "$PG_DATA/postmaster.pid")
      warn "found a PostgreSQL of this data directory without PID file (pid $pid, port $port); adopting it"
      REC_PG_DATA=$PG_DATA REC_PG_PORT=$port REC_PG_SOCKET_DIR=$(sed -n 5p "$PG_DATA/postmaster.pid")
      printf '%s\n' "$pid" >"$PG_PID_FILE"
      write_env_file "$PG_ENV_FILE" REC_PG_DATA REC_PG_PORT REC_PG_SOCKET_DIR
      printf '%s' "$pid"
      return 0
    fi
  fi
  return 0
}

pg_ready() { # pg_ready <port>: accepts connections over TCP on 127.0.0.1
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" -d postgres -U "$PG_SUPERUSER" -t 3 >/dev/null 2>&1
}

pg_initdb() {
  local version_file=$PG_DATA/PG_VERSION
  if [[ -f $version_file ]]; then
    local data_major
    data_major=$(tr -d '[:space:]' <"$version_file")
    [[ $data_major == "$PG_MAJOR" ]] || die "$PG_DATA was created by PostgreSQL $data_major, but the binaries in $PG_BIN are $PG_MAJOR.
  Point SIGNPORT_PG_BIN at PostgreSQL $data_major, or delete $PG_DATA to start from an empty database."
    return 0
  fi
  info "creating PostgreSQL $PG_MAJOR cluster in $PG_DATA"
  local locale=C
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
    locale=C.UTF-8
  fi
  # Superuser password "postgres" (TCP needs a password: --auth-host=scram-sha-256).
  local pwfile=$PG_BASE/.pwfile
  printf 'postgres\n' | "${AS_PG[@]}" tee "$pwfile" >/dev/null
  if ! "${AS_PG[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_SUPERUSER" --pwfile="$pwfile" \
      --encoding=UTF8 --locale="$locale" --auth-local=trust --auth-host=scram-sha-256 \
      >>"$PG_LOG" 2>&1; then
    rm -f "$pwfile"
    log_tail "$PG_LOG"
    die "initdb failed (full log: $PG_LOG)"
  fi
  rm -f "$pwfile"
}

# Copies deploy/db/postgresql.conf into the data directory and includes it from postgresql.conf.
pg_configure() {
  local conf
  conf=$(<"$SIGNPORT_ROOT/deploy/db/postgresql.conf")
  conf=${conf//@SOCKET_DIR@/$PG_SOCKET_DIR}
  printf '%s\n' "$conf" | "${AS_PG[@]}" tee "$PG_DATA/signport.conf" >/dev/null
  if ! grep -q "^include_if_exists = 'signport.conf'" "$PG_DATA/postgresql.conf"; then
    printf "\n# Signport settings (deploy/db/postgresql.conf), rewritten by ./signport infra up\ninclude_if_exists = 'signport.conf'\n" \
      | "${AS_PG[@]}" tee -a "$PG_DATA/postgresql.conf" >/dev/null
  fi
}

pg_apply_init_sql() {
  local out
  if ! out=$(PGOPTIONS='-c client_min_messages=warning' "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
      -h "$1" -p "$2" -U "$PG_SUPERUSER" -d postgres -f "$SIGNPORT_ROOT/deploy/db/init.sql" 2>&1); then
    printf '%s\n' "$out" >&2
    die "applying deploy/db/init.sql failed"
  fi
}

# pg_prepare: checks binaries and folders, and finds a running server (PG_RUNNING_PID), without
# starting anything.
pg_prepare() {
  pg_find_bin
  pg_resolve_user
  pg_resolve_dirs
  PG_RUNNING_PID=$(pg_running_pid --adopt)
  pg_load_record
}

# pg_up: ensures our PostgreSQL runs and is initialised (after pg_prepare). Sets PG_STARTED_PID
# when it started it.
pg_up() {
  PG_STARTED_PID=''
  local pid=$PG_RUNNING_PID
  if [[ -n $pid ]]; then
    if [[ $REC_PG_PORT != "$SIGNPORT_PG_PORT" ]]; then
      warn "PostgreSQL already runs on port $REC_PG_PORT; SIGNPORT_PG_PORT=$SIGNPORT_PG_PORT ignored (run ./signport infra down first)"
    fi
    SIGNPORT_PG_PORT=$REC_PG_PORT
    pg_wait_ready "$pid" "$REC_PG_PORT" "$(now_ms)"
    pg_apply_init_sql "$REC_PG_SOCKET_DIR" "$REC_PG_PORT"
    info "PostgreSQL already running (pid $pid, 127.0.0.1:$REC_PG_PORT)"
    return 0
  fi
  rm -f "$PG_PID_FILE" "$PG_ENV_FILE"
  require_free_port "$SIGNPORT_PG_PORT" PostgreSQL
  pg_initdb
  pg_configure

  local start
  start=$(now_ms)
  info "starting PostgreSQL $PG_MAJOR on 127.0.0.1:$SIGNPORT_PG_PORT (log: $PG_LOG)"
  printf '\n=== %s signport: starting postgres -D %s -p %s\n' "$(date '+%F %T')" "$PG_DATA" "$SIGNPORT_PG_PORT" >>"$PG_LOG"
  # setsid: own session, so a Ctrl-C in this terminal does not reach the server.
  setsid "${AS_PG[@]}" "$PG_BIN/postgres" -D "$PG_DATA" -p "$SIGNPORT_PG_PORT" >>"$PG_LOG" 2>&1 </dev/null 9>&- &
  local launcher=$!

  # The postmaster writes its PID to postmaster.pid (as root, $launcher is runuser, its parent).
  local deadline=$(( start + SIGNPORT_START_TIMEOUT * 1000 ))
  pid=''
  while [[ -z $pid ]]; do
    if [[ -r $PG_DATA/postmaster.pid ]]; then
      pid=$(read_pid_file "$PG_DATA/postmaster.pid")
      [[ -n $pid ]] && pid_is "$pid" postgres "$PG_DATA" || pid=''
    fi
    if [[ -z $pid ]]; then
      if ! pid_alive "$launcher"; then
        log_tail "$PG_LOG"
        die "PostgreSQL exited during startup (full log: $PG_LOG)"
      fi
      if (( $(now_ms) > deadline )); then
        kill -INT "$launcher" 2>/dev/null || true
        log_tail "$PG_LOG"
        die "PostgreSQL did not start within ${SIGNPORT_START_TIMEOUT}s (full log: $PG_LOG)"
      fi
      sleep 0.1
    fi
  done
  printf '%s\n' "$pid" >"$PG_PID_FILE"
  REC_PG_DATA=$PG_DATA REC_PG_PORT=$SIGNPORT_PG_PORT REC_PG_SOCKET_DIR=$PG_SOCKET_DIR
  write_env_file "$PG_ENV_FILE" REC_PG_DATA REC_PG_PORT REC_PG_SOCKET_DIR
  # shellcheck disable=SC2034 # read by ./signport (roll back / stop what this run started)
  PG_STARTED_PID=$pid

  pg_wait_ready "$pid" "$SIGNPORT_PG_PORT" "$start"
  pg_apply_init_sql "$PG_SOCKET_DIR" "$SIGNPORT_PG_PORT"
  info "PostgreSQL ready in $(elapsed_s "$start")s (pid $pid, 127.0.0.1:$SIGNPORT_PG_PORT, database signport)"
}

pg_wait_ready() { # pg_wait_ready <pid> <port> <start ms>
  local pid=$1 port=$2 deadline=$(( $3 + SIGNPORT_START_TIMEOUT * 1000 ))
  until pg_ready "$port"; do
    if ! pid_alive "$pid"; then
      log_tail "$PG_LOG"
      die "PostgreSQL (pid $pid) exited during startup (full log: $PG_LOG)"
    fi
    if (( $(now_ms) > deadline )); then
      log_tail "$PG_LOG"
      die "PostgreSQL (pid $pid) does not accept connections on 127.0.0.1:$port after ${SIGNPORT_START_TIMEOUT}s (full log: $PG_LOG)"
    fi
    sleep 0.2
  done
}

# pg_down [pid]: fast shutdown (SIGINT), then immediate (SIGQUIT), then SIGKILL.
pg_down() {
  local pid=${1:-}
  # An explicit PID (what this invocation started) is only signalled while it is still that server.
  [[ -z $pid ]] || pid_is "$pid" postgres || pid=''
  [[ -n ${1:-} ]] || pid=$(pg_running_pid)
  if [[ -z $pid ]]; then
    rm -f "$PG_PID_FILE" "$PG_ENV_FILE"
    info "PostgreSQL not running"
    return 0
  fi
  stop_pid "$pid" PostgreSQL INT "$SIGNPORT_STOP_TIMEOUT"
  rm -f "$PG_PID_FILE" "$PG_ENV_FILE"
  info "stopped PostgreSQL (pid $pid)"
}

# pg_status: one line; returns 0 when running and accepting connections.
pg_status() {
  local pid
  pid=$(pg_running_pid)
  pg_load_record
  if [[ -z $pid ]]; then
    printf '%-11s %s\n' PostgreSQL stopped
    return 1
  fi
  PG_BIN=${PG_BIN:-}
  [[ -n $PG_BIN ]] || pg_find_bin
  if pg_ready "$REC_PG_PORT"; then
    printf '%-11s %-8s pid %-7s 127.0.0.1:%s  data %s\n' PostgreSQL running "$pid" "$REC_PG_PORT" "$REC_PG_DATA"
    return 0
  fi
  printf '%-11s %-8s pid %-7s 127.0.0.1:%s  NOT accepting connections (log: %s)\n' PostgreSQL running "$pid" "$REC_PG_PORT" "$PG_LOG"
  return 1
}
