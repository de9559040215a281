# shellcheck shell=bash
# Helpers shared by ./signport commands: messages, processes, ports, waiting.
# Sourced by ./signport (which sets `set -euo pipefail` and SIGNPORT_ROOT); not executable.

info() { printf '%s\n' "$*"; }
warn() { printf 'signport: warning: %s\n' "$*" >&2; }
die() {
  printf 'signport: error: %s\n' "$*" >&2
  exit 1
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
elapsed_s() { # elapsed_s <start_ms> -> "12.3"
  local ms=$(( $(now_ms) - $1 ))
  printf '%d.%d' $(( ms / 1000 )) $(( ms % 1000 / 100 ))
}

# Prints the last lines of a log file to stderr, to explain a failure.
log_tail() { # log_tail <file> [lines]
  local file=$1 lines=${2:-40}
  if [[ -s $file ]]; then
    printf -- '----- last %s lines of %s -----\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" >&2 || true
    printf -- '-----\n' >&2
  fi
}

# --- processes -----------------------------------------------------------------------------------

pid_alive() { # pid_alive <pid>: the process exists (works for processes of other users too)
  [[ $1 =~ ^[0-9]+$ ]] || return 1
  kill -0 "$1" 2>/dev/null || [[ -d /proc/$1 ]]
}

pid_cmdline() { # pid_cmdline <pid>: its command line, arguments separated by spaces
  if [[ -r /proc/$1/cmdline ]]; then
    tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true
  else
    ps -o args= -p "$1" 2>/dev/null || true
  fi
}

# pid_is <pid> <substring>...: the process is alive and its command line contains every substring.
# Used so that a PID file never makes us signal a recycled PID that now belongs to something else.
pid_is() {
  local pid=$1 cmd
  shift
  pid_alive "$pid" || return 1
  cmd=$(pid_cmdline "$pid")
  [[ -n $cmd ]] || return 1
  local s
  for s in "$@"; do
    [[ $cmd == *"$s"* ]] || return 1
  done
}

read_pid_file() { # read_pid_file <file>: prints the PID, or nothing
  [[ -f $1 ]] || return 0
  local pid
  pid=$(head -n 1 "$1" 2>/dev/null | tr -d '[:space:]') || true
  [[ $pid =~ ^[0-9]+$ ]] && printf '%s' "$pid"
  return 0
}

# stop_pid <pid> <name> <graceful signal> [timeout s]: graceful signal, wait, then SIGKILL.
stop_pid() {
  local pid=$1 name=$2 signal=$3 timeout=${4:-$SIGNPORT_STOP_TIMEOUT}
  pid_alive "$pid" || return 0
  kill "-$signal" "$pid" 2>/dev/null || true
  local deadline=$(( $(now_ms) + timeout * 1000 ))
  while pid_alive "$pid" && (( $(now_ms) < deadline )); do
    sleep 0.2
  done
  if pid_alive "$pid"; then
    warn "$name (pid $pid) still running ${timeout}s after SIG$signal; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    deadline=$(( $(now_ms) + 10000 ))
    while pid_alive "$pid" && (( $(now_ms) < deadline )); do
      sleep 0.2
    done
    pid_alive "$pid" && die "could not stop $name (pid $pid)"
  fi
  return 0
}

# --- ports ---------------------------------------------------------------------------------------

port_open() { # port_open <port>: something accepts TCP connections on 127.0.0.1:<port>
  timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

port_holder() { # port_holder <port>: best-effort description of the listening process
  local port=$1 line
  if command -v ss >/dev/null 2>&1; then
    line=$(ss -Hltnp "( sport = :$port )" 2>/dev/null | head -n 1) || true
    if [[ $line =~ users:\(\(\"([^\"]+)\",pid=([0-9]+) ]]; then
      printf '%s (pid %s)' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
      return 0
    fi
  fi
  printf 'another process'
}

# require_free_port <port> <what>: fail before starting anything if the port is taken.
require_free_port() {
  local port=$1 what=$2
  if port_open "$port"; then
    die "port $port (for $what) is already in use by $(port_holder "$port") on 127.0.0.1.
  Stop that process, or choose other ports, e.g. SIGNPORT_PG_PORT=55433 SIGNPORT_KAFKA_PORT=59094 ./signport infra up"
  fi
}

# --- misc ----------------------------------------------------------------------------------------

short_hash() { printf '%s' "$1" | sha256sum | cut -c1-10; }

# write_env_file <file> NAME...: records variables so that later commands (status, down) use the
# values the servers were started with, whatever the current environment says.
write_env_file() {
  local file=$1 name
  shift
  : >"$file.tmp"
  for name in "$@"; do
    printf '%s=%q\n' "$name" "${!name}" >>"$file.tmp"
  done
  mv -f "$file.tmp" "$file"
}
