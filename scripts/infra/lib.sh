# shellcheck shell=bash
# Shared helpers for the scripts in scripts/infra. Sourced, never executed.
#
# Every script here follows the same conventions (see docs/infrastructure.md):
#   - downloads go to $JOBMARKET_CACHE_DIR, never into the repository;
#   - running engines keep their data, pid files and logs in $JOBMARKET_DATA_DIR;
#   - human-readable progress goes to stderr, so that stdout stays machine-readable
#     (`url`, `bin`, `up --print-env` are meant to be captured with $(...)).

JOBMARKET_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck disable=SC2034 # used by the scripts that source this file
INFRA_DIR="$JOBMARKET_ROOT/scripts/infra"

: "${JOBMARKET_CACHE_DIR:=$HOME/.cache/jobmarket}"
: "${JOBMARKET_DATA_DIR:=$JOBMARKET_ROOT/.data}"
# Exported so that scripts calling each other (infra.sh -> kafka.sh, mlflow.sh ->
# python.sh) agree on the same directories even when the defaults are used.
export JOBMARKET_CACHE_DIR JOBMARKET_DATA_DIR

RUN_DIR="$JOBMARKET_DATA_DIR/run"
LOG_DIR="$JOBMARKET_DATA_DIR/logs"

# The tag that prefixes messages; each script sets it to its engine name.
: "${INFRA_TAG:=infra}"

info() { printf '%s: %s\n' "$INFRA_TAG" "$*" >&2; }

# die MESSAGE [HOW-TO-FIX]: every failure says what failed and what to do about it.
die() {
  printf '%s: error: %s\n' "$INFRA_TAG" "$1" >&2
  if [[ -n ${2:-} ]]; then printf '%s:   fix: %s\n' "$INFRA_TAG" "$2" >&2; fi
  exit 1
}

ensure_dirs() { mkdir -p "$JOBMARKET_DATA_DIR" "$RUN_DIR" "$LOG_DIR" "$JOBMARKET_CACHE_DIR"; }

# Seconds since the epoch with sub-second precision, for "done in 1.2 s" messages.
now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
elapsed_since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }

# port_open HOST PORT: true when something accepts TCP connections there.
# Uses bash's /dev/tcp so that no client tool (nc, curl) is needed.
port_open() {
  # shellcheck disable=SC2016 # $1/$2 are expanded by the inner bash, on purpose
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# Who listens on a port, for error messages ("port 9092 is taken by ...").
port_owner() {
  if command -v ss >/dev/null 2>&1; then
    ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\("[^"]*",pid=[0-9]*\).*/\1/p' | head -n1
  fi
}

# pid_matches PIDFILE PATTERN: true when the pid file names a live process whose
# command line contains PATTERN. Checking the command line, not just `kill -0`,
# keeps a stale pid file (left by kill -9 or a reboot) from matching an unrelated
# process that happens to have been given the same pid.
pid_matches() {
  local pidfile=$1 pattern=$2 pid
  [[ -s $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$pattern"
}

# stop_pid NAME PIDFILE PATTERN TIMEOUT: SIGTERM the process group, wait up to
# TIMEOUT seconds, then SIGKILL. The engines are started with setsid, so the pid is
# also the group id and this reaches worker children (MLflow's uvicorn workers).
stop_pid() {
  local name=$1 pidfile=$2 pattern=$3 timeout=$4 pid i
  if ! pid_matches "$pidfile" "$pattern"; then
    rm -f "$pidfile"
    info "not running"
    return 0
  fi
  pid=$(<"$pidfile")
  info "stopping (pid $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 10; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pidfile"
      info "stopped"
      return 0
    fi
    sleep 0.1
  done
  info "$name did not stop within ${timeout}s after SIGTERM; sending SIGKILL"
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  rm -f "$pidfile"
  info "killed"
}

# launch_daemon PIDFILE LOGFILE COMMAND...: start COMMAND detached from this shell.
#   - setsid: its own session and process group, so Ctrl-C in the caller's terminal
#     does not reach it and stop_pid can signal the whole group;
#   - stdin from /dev/null and stdout/stderr to the log, so that a caller capturing
#     our output with $(...) is not left waiting for the daemon's end of the pipe;
#   - fds 8 and 9 (the locks, see with_lock) closed, or the daemon would hold the
#     lock for as long as it runs.
launch_daemon() {
  local pidfile=$1 logfile=$2
  shift 2
  rotate_log "$logfile"
  printf '\n===== %s starting: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >>"$logfile"
  setsid "$@" </dev/null >>"$logfile" 2>&1 8>&- 9>&- &
  local pid=$! last=${*: -1} i
  echo "$pid" >"$pidfile"
  # Until the forked shell has exec'd the command, /proc/<pid>/cmdline still shows
  # bash, and pid_matches would call the engine "not running". Wait for the exec.
  for ((i = 0; i < 100; i++)); do
    [[ -r /proc/$pid/cmdline ]] || break
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$last" && break
    sleep 0.05
  done
}

# Keep one previous log; the engines log to stdout and we only rotate at start,
# which is enough for a development machine.
rotate_log() {
  local f=$1 max=$((50 * 1024 * 1024))
  if [[ -f $f ]] && (($(stat -c %s "$f") > max)); then
    mv -f "$f" "$f.1"
  fi
}

# with_lock LOCKFILE FD: serialise one step (installing the jars, starting an engine)
# between concurrent callers: two test runs doing `infra.sh up` at once must not
# start two brokers or unpack into the same directory. The lock lives on file
# descriptor FD (8 for installs, 9 for starts) until that fd is closed or the
# script exits; launch_daemon closes both in the daemon.
with_lock() {
  local lockfile=$1 fd=$2
  mkdir -p "$(dirname "$lockfile")"
  case $fd in
    8) exec 8>"$lockfile" ;;
    9) exec 9>"$lockfile" ;;
    *) die "with_lock: fd must be 8 or 9 (got $fd)" ;;
  esac
  if ! flock -w 900 "$fd"; then
    die "timed out after 15 min waiting for the lock $lockfile" \
      "another install or start is still running (see ps); wait for it, or remove the lock file if nothing is"
  fi
}
release_lock() {
  case $1 in
    8) exec 8>&- ;;
    9) exec 9>&- ;;
  esac
}

# If the caller (infra.sh up --started-file) asked, record that this call started
# the engine, so that it can later stop only what it started.
mark_started() {
  if [[ -n ${JOBMARKET_STARTED_FILE:-} ]]; then
    printf '%s\n' "$1" >>"$JOBMARKET_STARTED_FILE"
  fi
}

# Percent-encode a string for use inside a URL's userinfo part.
urlencode() {
  # Byte by byte, so that non-ASCII characters become their UTF-8 %XX sequences.
  local LC_ALL=C s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [a-zA-Z0-9.~_-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

# Paths shown to people are easier to read relative to the repository.
pretty_path() {
  local p=$1
  if [[ $p == "$JOBMARKET_ROOT"/* ]]; then printf '%s' "${p#"$JOBMARKET_ROOT"/}"; else printf '%s' "$p"; fi
}

# apt_install PKG...: install Debian packages, as root or through sudo. The package
# lists are refreshed once per process, right before the first install (a fresh
# machine may have none, and old ones name versions the mirror no longer has).
APT_UPDATED=0
apt_install() {
  local -a sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 ||
      die "installing $* needs root" "run as root, or install them yourself: apt-get install -y $*"
    sudo=(sudo)
  fi
  command -v apt-get >/dev/null 2>&1 ||
    die "apt-get not found: this is not a Debian-like machine" "install $* with your system's package manager"
  # Wait for another apt/dpkg run (another engineer's setup) instead of failing.
  local -a opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
  # dpkg's progress is hundreds of lines: keep it in a log, show it on failure.
  local log="$JOBMARKET_CACHE_DIR/apt-install.log"
  mkdir -p "$JOBMARKET_CACHE_DIR"
  if ((APT_UPDATED == 0)); then
    info "apt-get update"
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${opts[@]}" update >"$log" 2>&1; then
      tail -n 15 "$log" >&2
      die "apt-get update failed (log: $log)" "check the network access to the Debian mirrors, then run it again"
    fi
    APT_UPDATED=1
  fi
  info "apt-get install $* (log: $log)"
  # Recommends are left out: for chromium they are a desktop's worth of printing,
  # audio and network daemons that headless tests never use.
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${opts[@]}" install -y \
    --no-install-recommends "$@" >>"$log" 2>&1; then
    tail -n 15 "$log" >&2
    die "apt-get install $* failed (log: $log)" "run: apt-get update && apt-get install -y $*"
  fi
}
