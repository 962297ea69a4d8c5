#!/usr/bin/env bash
# One entry point for the local engines: Kafka, PostgreSQL, MLflow.
#
#   infra.sh up     [--print-env] [--started-file FILE] [kafka] [postgres] [mlflow]
#   infra.sh down   [--started-file FILE] [kafka] [postgres] [mlflow]
#   infra.sh status [kafka] [postgres] [mlflow]
#
# No engine named means all three.
#   up      installs what is missing, starts what is not running (in parallel), then
#           prints where each engine is and the environment variables clients need.
#   --print-env         print only `export VAR=value` lines on stdout, for
#                       eval "$(bash scripts/infra/infra.sh up --print-env)"
#   --started-file FILE append the names of the engines that THIS call started (not
#                       those already running) to FILE, so that the caller can later
#                       run `infra.sh down $(cat FILE)` and stop only its own.
#   down    stops the named engines. With --started-file FILE: only the engines
#           listed in FILE, and none if it is empty (unlike `down $(cat FILE)`,
#           which stops all three when FILE is empty).
#   status  prints each engine's state; exits 0 only if all named engines run.
set -euo pipefail

INFRA_TAG=infra
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ALL_ENGINES=(kafka postgres mlflow)

usage() {
  sed -n '4,6p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2
  exit 2
}

engine_env() {
  case $1 in
    kafka) printf 'KAFKA_BROKERS=%s\n' "$(bash "$INFRA_DIR/kafka.sh" url)" ;;
    postgres) printf 'TEST_DATABASE_URL=%s\n' "$(bash "$INFRA_DIR/postgres.sh" url)" ;;
    mlflow) printf 'MLFLOW_TRACKING_URI=%s\n' "$(bash "$INFRA_DIR/mlflow.sh" url)" ;;
  esac
}

engine_line() {
  printf '%-9s %-24s data %-18s log %s\n' "$1" "$(engine_address "$1")" \
    "$(pretty_path "$JOBMARKET_DATA_DIR/$1")" "$(pretty_path "$LOG_DIR/$1.log")"
}

engine_address() {
  case $1 in
    postgres) printf '127.0.0.1:%s' "${PG_PORT:-5433}" ;;
    *) bash "$INFRA_DIR/$1.sh" url ;;
  esac
}

# Runs ACTION for each engine at once (a fresh `up` spends most of its time in
# mvn, pip and JVM start-up, which overlap well) and fails if any of them failed.
run_parallel() {
  local action=$1 engine failures=()
  shift
  local -A pids=()
  for engine in "$@"; do
    # Progress goes to stderr: stdout is reserved for the summary / export lines.
    bash "$INFRA_DIR/$engine.sh" "$action" >&2 &
    pids[$engine]=$!
  done
  for engine in "$@"; do
    wait "${pids[$engine]}" || failures+=("$engine")
  done
  if ((${#failures[@]})); then
    printf '%s\n' "${failures[@]}"
    return 1
  fi
}

cmd_up() {
  local print_env=0 started_file='' arg
  local -a engines=()
  while (($#)); do
    arg=$1
    shift
    case $arg in
      --print-env) print_env=1 ;;
      --started-file)
        (($#)) || die "--started-file needs a file name"
        started_file=$1
        shift
        ;;
      --started-file=*) started_file=${arg#*=} ;;
      kafka | postgres | mlflow) engines+=("$arg") ;;
      *) die "unknown argument to up: $arg" "usage: infra.sh up [--print-env] [--started-file FILE] [kafka] [postgres] [mlflow]" ;;
    esac
  done
  ((${#engines[@]})) || engines=("${ALL_ENGINES[@]}")
  ensure_dirs

  # Each engine's start appends its name here only if it launched the engine.
  local started_tmp failed=''
  started_tmp=$(mktemp "$RUN_DIR/started.XXXXXX")
  export JOBMARKET_STARTED_FILE=$started_tmp
  local start
  start=$(now)
  failed=$(run_parallel start "${engines[@]}") || true
  unset JOBMARKET_STARTED_FILE
  # Recorded even when another engine failed, so the caller can still stop these.
  if [[ -n $started_file ]]; then cat "$started_tmp" >>"$started_file"; fi
  rm -f "$started_tmp"
  if [[ -n $failed ]]; then
    die "could not start: $(tr '\n' ' ' <<<"$failed")(see the messages above)" \
      "fix the cause named above and run 'infra.sh up' again; logs are in $(pretty_path "$LOG_DIR")"
  fi

  local engine
  if ((print_env)); then
    local line
    for engine in "${engines[@]}"; do
      line=$(engine_env "$engine")
      # %q quotes the value for the shell that evals these lines.
      printf 'export %s=%q\n' "${line%%=*}" "${line#*=}"
    done
    return 0
  fi
  info "up in $(elapsed_since "$start") s"
  for engine in "${engines[@]}"; do engine_line "$engine"; done
  echo
  for engine in "${engines[@]}"; do engine_env "$engine"; done
}

cmd_down() {
  local -a engines=()
  local failed arg from_file=0 name
  while (($#)); do
    arg=$1
    shift
    case $arg in
      --started-file | --started-file=*)
        local file
        if [[ $arg == *=* ]]; then file=${arg#*=}; else
          (($#)) || die "--started-file needs a file name"
          file=$1
          shift
        fi
        from_file=1
        if [[ -f $file ]]; then
          # sort -u: the same file may have been appended to by several `up`s.
          while read -r name; do
            [[ -n $name ]] && engines+=("$name")
          done < <(sort -u "$file")
        fi
        ;;
      *) engines+=("$arg") ;;
    esac
  done
  check_names "${engines[@]}"
  if ((${#engines[@]} == 0)); then
    if ((from_file)); then
      info "nothing to stop: no engine listed in the started file"
      return 0
    fi
    engines=("${ALL_ENGINES[@]}")
  fi
  failed=$(run_parallel stop "${engines[@]}") ||
    die "could not stop: $(tr '\n' ' ' <<<"$failed")" "see the messages above and the logs in $(pretty_path "$LOG_DIR")"
}

cmd_status() {
  local -a engines=("$@")
  local engine rc=0
  ((${#engines[@]})) || engines=("${ALL_ENGINES[@]}")
  for engine in "${engines[@]}"; do
    bash "$INFRA_DIR/$engine.sh" status || rc=1
  done
  return "$rc"
}

check_names() {
  local name
  for name in "$@"; do
    case $name in
      kafka | postgres | mlflow) ;;
      *) die "unknown engine: $name" "the engines are: ${ALL_ENGINES[*]}" ;;
    esac
  done
}

action=${1:-}
(($#)) && shift
case $action in
  up) cmd_up "$@" ;;
  down) cmd_down "$@" ;;
  status)
    check_names "$@"
    cmd_status "$@"
    ;;
  *) usage ;;
esac
