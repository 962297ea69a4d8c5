#!/usr/bin/env bash
# MLflow tracking server + model registry for local development and tests, run
# from the project's venv (scripts/infra/python.sh): SQLite backend and a local
# artifact store, both in $JOBMARKET_DATA_DIR/mlflow, artifacts served through the
# server so that clients need no access to the files (same as in production).
#
#   mlflow.sh start    install the venv if needed, start, wait until the API answers
#   mlflow.sh stop     SIGTERM the server and its workers, SIGKILL after a timeout
#   mlflow.sh status   exit 0 when running
#   mlflow.sh wait     wait until the REST API answers
#   mlflow.sh url      print the tracking URI (http://127.0.0.1:5000)
#
# Settings (environment): MLFLOW_PORT, MLFLOW_START_TIMEOUT, MLFLOW_STOP_TIMEOUT,
# MLFLOW_ALLOWED_HOSTS, MLFLOW_CORS_ALLOWED_ORIGINS. See docs/infrastructure.md.
set -euo pipefail

INFRA_TAG=mlflow
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

: "${MLFLOW_PORT:=5000}"
: "${MLFLOW_START_TIMEOUT:=180}"
: "${MLFLOW_STOP_TIMEOUT:=20}"

MLFLOW_HOST=127.0.0.1
MLFLOW_URL="http://$MLFLOW_HOST:$MLFLOW_PORT"
MLFLOW_DATA="$JOBMARKET_DATA_DIR/mlflow"
MLFLOW_DB="$MLFLOW_DATA/mlflow.db"
MLFLOW_ARTIFACTS="$MLFLOW_DATA/artifacts"
PIDFILE="$RUN_DIR/mlflow.pid"
LOGFILE="$LOG_DIR/mlflow.log"
BACKEND_URI="sqlite:///$MLFLOW_DB"
# The server's command line names our database, which tells our server apart from
# any other MLflow on the machine.
PID_PATTERN="--backend-store-uri $BACKEND_URI"

is_running() { pid_matches "$PIDFILE" "$PID_PATTERN"; }

# 200 from an API call that reads the database: the server is up, the schema
# migrations have run, and the host-validation middleware accepts 127.0.0.1.
api_answers() {
  curl -fsS -o /dev/null --max-time 5 "$MLFLOW_URL/api/2.0/mlflow/experiments/search?max_results=1" 2>/dev/null
}

cmd_wait() {
  local timeout=${1:-$MLFLOW_START_TIMEOUT} deadline
  command -v curl >/dev/null 2>&1 || die "curl not found" "apt-get install -y curl"
  deadline=$((SECONDS + timeout))
  until api_answers; do
    is_running || die "not running (or it exited during startup); last lines of $LOGFILE:$(printf '\n')$(tail -n 30 "$LOGFILE" 2>/dev/null)" \
      "read $LOGFILE; start it with: bash scripts/infra/mlflow.sh start"
    ((SECONDS < deadline)) || die "no answer from $MLFLOW_URL within ${timeout}s" "read $LOGFILE"
    sleep 0.5
  done
}

cmd_start() {
  ensure_dirs
  if is_running; then
    info "already running (pid $(<"$PIDFILE"), $MLFLOW_URL)"
    return 0
  fi
  with_lock "$RUN_DIR/mlflow.lock" 9
  if is_running; then
    info "already running (pid $(<"$PIDFILE"), $MLFLOW_URL)"
    return 0
  fi
  command -v curl >/dev/null 2>&1 || die "curl not found (used to check that the server answers)" "apt-get install -y curl"
  bash "$INFRA_DIR/python.sh" install
  local bin
  bin=$(bash "$INFRA_DIR/python.sh" bin)
  if [[ -f $PIDFILE ]]; then
    info "removing stale pid file (pid $(<"$PIDFILE") is not our server any more)"
    rm -f "$PIDFILE"
  fi
  if port_open "$MLFLOW_HOST" "$MLFLOW_PORT"; then
    local owner
    owner=$(port_owner "$MLFLOW_PORT")
    die "port $MLFLOW_PORT on $MLFLOW_HOST is already taken${owner:+ by $owner}" \
      "stop that process, or choose another port with MLFLOW_PORT"
  fi
  mkdir -p "$MLFLOW_DATA" "$MLFLOW_ARTIFACTS"

  # MLflow 3's security middleware only accepts Host headers and CORS origins it
  # knows. Its defaults (localhost, 127.0.0.1, private addresses; localhost origins)
  # fit clients on this machine; these let a caller widen them, e.g. for a kind
  # cluster reaching the host.
  local -a security=()
  if [[ -n ${MLFLOW_ALLOWED_HOSTS:-} ]]; then security+=(--allowed-hosts "$MLFLOW_ALLOWED_HOSTS"); fi
  if [[ -n ${MLFLOW_CORS_ALLOWED_ORIGINS:-} ]]; then security+=(--cors-allowed-origins "$MLFLOW_CORS_ALLOWED_ORIGINS"); fi

  local start
  start=$(now)
  info "starting MLflow $("$bin/python" -c 'import mlflow; print(mlflow.__version__)') on $MLFLOW_URL (log: $(pretty_path "$LOGFILE"))"
  # One worker: the server is shared by a few local jobs and tests, and each worker
  # costs ~150 MB. --artifacts-destination + --serve-artifacts make runs record
  # mlflow-artifacts:/ URIs that clients resolve through this server.
  # Telemetry is off: these machines have no route to it, and waiting for it only
  # slows requests down. Job execution (MLflow 3's background runner for GenAI
  # evaluation jobs, 8 extra processes and ~1 GB of memory) is off unless asked for:
  # tracking and the model registry do not use it.
  launch_daemon "$PIDFILE" "$LOGFILE" \
    env MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true PYTHONUNBUFFERED=1 \
    MLFLOW_SERVER_ENABLE_JOB_EXECUTION="${MLFLOW_SERVER_ENABLE_JOB_EXECUTION:-false}" \
    "$bin/mlflow" server \
    --host "$MLFLOW_HOST" --port "$MLFLOW_PORT" --workers 1 \
    --serve-artifacts --artifacts-destination "$MLFLOW_ARTIFACTS" \
    "${security[@]}" \
    --backend-store-uri "$BACKEND_URI"
  cmd_wait "$MLFLOW_START_TIMEOUT"
  mark_started mlflow
  info "ready in $(elapsed_since "$start") s (pid $(<"$PIDFILE"))"
}

cmd_stop() {
  stop_pid mlflow "$PIDFILE" "$PID_PATTERN" "$MLFLOW_STOP_TIMEOUT"
}

cmd_status() {
  if is_running; then
    local state=running
    api_answers || state="starting (API not answering yet)"
    printf 'mlflow: %s, pid %s, %s, data %s, log %s\n' "$state" "$(<"$PIDFILE")" \
      "$MLFLOW_URL" "$(pretty_path "$MLFLOW_DATA")" "$(pretty_path "$LOGFILE")"
    return 0
  fi
  printf 'mlflow: stopped\n'
  return 3
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  wait) cmd_wait "${2:-$MLFLOW_START_TIMEOUT}" ;;
  url) printf '%s\n' "$MLFLOW_URL" ;;
  install) bash "$INFRA_DIR/python.sh" install ;;
  *)
    echo "usage: $0 {start|stop|status|wait [seconds]|url}" >&2
    exit 2
    ;;
esac
