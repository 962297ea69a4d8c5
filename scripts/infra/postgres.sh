#!/usr/bin/env bash
# PostgreSQL for local development and tests: a private cluster of Debian's
# postgresql package in $JOBMARKET_DATA_DIR/postgres, on 127.0.0.1:$PG_PORT (5433, so
# that it never collides with a system cluster on 5432).
#
#   postgres.sh install   apt-get install postgresql if no server binaries are found
#   postgres.sh start     initdb once, then start and wait until it accepts connections
#   postgres.sh stop      pg_ctl stop -m fast
#   postgres.sh status    exit 0 when running
#   postgres.sh wait      wait until it accepts connections
#   postgres.sh url       print postgres://jobmarket:<password>@127.0.0.1:5433/postgres
#
# Settings (environment): PG_PORT, JOBMARKET_PG_PASSWORD, PG_BIN, PG_START_TIMEOUT.
# See docs/infrastructure.md.
set -euo pipefail

INFRA_TAG=postgres
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

: "${PG_PORT:=5433}"
: "${PG_START_TIMEOUT:=60}"

PG_HOST=127.0.0.1
PG_USER=jobmarket
PG_DATA="$JOBMARKET_DATA_DIR/postgres"
# Kept inside the cluster directory so that deleting it (a reset) also forgets the
# password that belonged to it.
PG_PASSWORD_FILE="$PG_DATA/jobmarket.password"
LOGFILE="$LOG_DIR/postgres.log"
# What our applications' migrations CREATE EXTENSION; all ship with Debian's server
# package (the former postgresql-contrib).
PG_EXTENSIONS=(unaccent pg_trgm cube earthdistance)

# The server binaries: $PG_BIN, else the version that created the existing cluster
# (a cluster cannot be opened by another major version), else the newest installed.
find_pg_bin() {
  if [[ -n ${PG_BIN:-} ]]; then
    [[ -x $PG_BIN/pg_ctl && -x $PG_BIN/initdb ]] || die "PG_BIN=$PG_BIN has no pg_ctl/initdb" "unset PG_BIN or point it at a PostgreSQL bin directory"
    printf '%s' "$PG_BIN"
    return 0
  fi
  if [[ -f $PG_DATA/PG_VERSION ]]; then
    local major dir
    major=$(<"$PG_DATA/PG_VERSION")
    dir="/usr/lib/postgresql/$major/bin"
    [[ -x $dir/pg_ctl ]] || die "the cluster in $PG_DATA was created by PostgreSQL $major, which is not installed" \
      "apt-get install -y postgresql-$major, or delete $PG_DATA to create a new cluster"
    printf '%s' "$dir"
    return 0
  fi
  local candidate
  candidate=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n1)
  [[ -n $candidate && -x ${candidate%/initdb}/pg_ctl ]] || return 1
  printf '%s' "${candidate%/initdb}"
}

extension_dir() {
  local bin=$1
  if [[ -x $bin/pg_config ]]; then
    printf '%s/extension' "$("$bin/pg_config" --sharedir)"
  else
    printf '/usr/share/postgresql/%s/extension' "$(basename "$(dirname "$bin")")"
  fi
}

missing_extensions() {
  local dir ext
  dir=$(extension_dir "$1")
  for ext in "${PG_EXTENSIONS[@]}"; do
    [[ -f $dir/$ext.control ]] || printf '%s ' "$ext"
  done
}

cmd_install() {
  local bin missing
  if bin=$(find_pg_bin) && [[ -z $(missing_extensions "$bin") ]]; then
    info "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') present ($bin)"
    return 0
  fi
  apt_install postgresql postgresql-contrib
  bin=$(find_pg_bin) || die "postgresql is installed but no /usr/lib/postgresql/*/bin/initdb was found" \
    "check with: dpkg -L postgresql-\$(ls /usr/lib/postgresql | sort -V | tail -n1)"
  missing=$(missing_extensions "$bin")
  [[ -z $missing ]] || die "extensions missing from $(extension_dir "$bin"): $missing" \
    "they are part of Debian's postgresql server package; reinstall it: apt-get install --reinstall postgresql-\$(basename \$(dirname $bin))"
  info "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') installed ($bin)"
}

# initdb and pg_ctl refuse to run as root, so as root they run as the `postgres`
# system user that Debian's package creates. From / because the caller's working
# directory (often /root) may be closed to that user. Lock fds are closed so that
# the server forked by pg_ctl does not inherit (and hold) them.
as_pg() {
  if ((EUID == 0)); then
    (cd / && runuser -u postgres -- "$@" 8>&- 9>&-)
  else
    (cd / && "$@" 8>&- 9>&-)
  fi
}

pg_status() {
  local bin=$1 rc=0
  [[ -f $PG_DATA/PG_VERSION ]] || return 4
  as_pg "$bin/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1 || rc=$?
  return "$rc"
}

is_running() {
  local bin
  bin=$(find_pg_bin 2>/dev/null) || return 1
  pg_status "$bin"
}

read_password() {
  if [[ -r $PG_PASSWORD_FILE ]]; then
    cat "$PG_PASSWORD_FILE"
  elif [[ -n ${JOBMARKET_PG_PASSWORD:-} ]]; then
    printf '%s' "$JOBMARKET_PG_PASSWORD"
  else
    return 1
  fi
}

store_password() {
  # umask first, so that the password is never readable by others, not even briefly.
  (umask 077 && printf '%s' "$1" >"$PG_PASSWORD_FILE")
  chmod 600 "$PG_PASSWORD_FILE"
  if ((EUID == 0)); then chown postgres:postgres "$PG_PASSWORD_FILE"; fi
}

init_cluster() {
  local bin=$1 password pwfile
  ((EUID != 0)) || id postgres >/dev/null 2>&1 ||
    die "there is no 'postgres' system user to run initdb as (initdb refuses root)" \
      "install Debian's package, which creates it: apt-get install -y postgresql"
  # The server creates its socket in the data directory; a Unix socket path has a
  # hard limit of 107 bytes.
  ((${#PG_DATA} + 13 <= 107)) ||
    die "the path $PG_DATA is too long for a Unix socket" "set JOBMARKET_DATA_DIR to a shorter path"
  mkdir -p "$PG_DATA"
  if ((EUID == 0)); then
    chown postgres:postgres "$PG_DATA"
    runuser -u postgres -- test -w "$PG_DATA" ||
      die "the postgres user cannot reach $PG_DATA (a parent directory is closed to it)" \
        "chmod o+x on the parent directories, or set JOBMARKET_DATA_DIR to a path such as /var/tmp/jobmarket"
  fi
  chmod 700 "$PG_DATA"
  if [[ -n ${JOBMARKET_PG_PASSWORD:-} ]]; then
    password=$JOBMARKET_PG_PASSWORD
  else
    # Hex, so the password needs no escaping in URLs, shells or .env files.
    password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  fi
  # initdb reads the superuser's password from a file that its user must be able to
  # read; it lives next to the cluster for the few seconds initdb runs.
  pwfile="$JOBMARKET_DATA_DIR/.postgres-pwfile.$$"
  (umask 077 && printf '%s\n' "$password" >"$pwfile")
  if ((EUID == 0)); then chown postgres:postgres "$pwfile"; fi
  info "initdb $(pretty_path "$PG_DATA") (superuser $PG_USER, scram-sha-256)"
  if ! as_pg "$bin/initdb" -D "$PG_DATA" -U "$PG_USER" --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 --no-instructions >>"$LOGFILE" 2>&1; then
    rm -f "$pwfile"
    tail -n 20 "$LOGFILE" >&2
    die "initdb failed (log: $LOGFILE)" "remove $PG_DATA and run postgres.sh start again"
  fi
  rm -f "$pwfile"
  store_password "$password"
  # Our settings live in their own file, rewritten at each start (see write_config),
  # so postgresql.conf stays initdb's and a changed PG_PORT needs no manual edit.
  printf "\n# Added by scripts/infra/postgres.sh\ninclude_if_exists = 'jobmarket.conf'\n" >>"$PG_DATA/postgresql.conf"
}

write_config() {
  cat >"$PG_DATA/jobmarket.conf" <<EOF
# Generated by scripts/infra/postgres.sh at every start; edit the script, not this file.
listen_addresses = '$PG_HOST'
port = $PG_PORT
unix_socket_directories = '$PG_DATA'
password_encryption = 'scram-sha-256'
timezone = 'UTC'
log_timezone = 'UTC'
# The log goes to $LOGFILE through pg_ctl -l; one line per connection problem is
# what helps when a test cannot connect.
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
EOF
  if ((EUID == 0)); then chown postgres:postgres "$PG_DATA/jobmarket.conf"; fi
}

psql_as_superuser() {
  local bin=$1 password=$2
  shift 2
  PGPASSWORD=$password PGCONNECT_TIMEOUT=5 "$bin/psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"
}

# JOBMARKET_PG_PASSWORD can change after the cluster was created: make the role's
# password follow it, authenticating with the one stored at the last change.
sync_password() {
  local bin=$1 stored
  [[ -n ${JOBMARKET_PG_PASSWORD:-} && -r $PG_PASSWORD_FILE ]] || return 0
  stored=$(<"$PG_PASSWORD_FILE")
  [[ $stored != "$JOBMARKET_PG_PASSWORD" ]] || return 0
  info "JOBMARKET_PG_PASSWORD differs from the cluster's password: changing the role's password"
  printf "ALTER ROLE %s PASSWORD :'pw';\n" "$PG_USER" |
    psql_as_superuser "$bin" "$stored" -v pw="$JOBMARKET_PG_PASSWORD" ||
    die "could not change the password of $PG_USER" "unset JOBMARKET_PG_PASSWORD, or delete $PG_DATA to start over"
  store_password "$JOBMARKET_PG_PASSWORD"
}

check_extensions() {
  local bin=$1 password list found
  password=$(read_password)
  list=$(printf "'%s'," "${PG_EXTENSIONS[@]}")
  found=$(psql_as_superuser "$bin" "$password" -At -c \
    "select count(*) from pg_available_extensions where name in (${list%,})")
  ((found == ${#PG_EXTENSIONS[@]})) ||
    die "only $found of the extensions ${PG_EXTENSIONS[*]} are available to the server" \
      "reinstall the server package: apt-get install --reinstall postgresql"
}

cmd_wait() {
  local timeout=${1:-$PG_START_TIMEOUT} bin deadline
  bin=$(find_pg_bin) || die "PostgreSQL is not installed" "run: bash scripts/infra/postgres.sh install"
  deadline=$((SECONDS + timeout))
  until "$bin/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" -d postgres; do
    pg_status "$bin" || die "not running" "start it with: bash scripts/infra/postgres.sh start"
    ((SECONDS < deadline)) || die "not accepting connections on $PG_HOST:$PG_PORT after ${timeout}s" "read $LOGFILE"
    sleep 0.2
  done
}

cmd_start() {
  ensure_dirs
  local bin rc=0 start first=0
  if is_running; then
    info "already running ($PG_HOST:$PG_PORT)"
    return 0
  fi
  with_lock "$RUN_DIR/postgres.lock" 9
  cmd_install
  bin=$(find_pg_bin)
  pg_status "$bin" || rc=$?
  if ((rc == 0)); then
    info "already running ($PG_HOST:$PG_PORT)"
    return 0
  fi
  if port_open "$PG_HOST" "$PG_PORT"; then
    local owner
    owner=$(port_owner "$PG_PORT")
    die "port $PG_PORT on $PG_HOST is already taken${owner:+ by $owner}" "stop that process, or choose another port with PG_PORT"
  fi
  # pg_ctl -l writes the log as the server's user.
  touch "$LOGFILE"
  if ((EUID == 0)); then chown postgres:postgres "$LOGFILE"; fi
  if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    init_cluster "$bin"
    first=1
  fi
  write_config
  start=$(now)
  info "starting PostgreSQL on $PG_HOST:$PG_PORT (log: $(pretty_path "$LOGFILE"))"
  # pg_ctl copes with a postmaster.pid left by a killed server: the server checks
  # whether that pid is still alive before taking over the data directory.
  if ! as_pg "$bin/pg_ctl" start -D "$PG_DATA" -l "$LOGFILE" -w -t "$PG_START_TIMEOUT" -s >&2; then
    tail -n 20 "$LOGFILE" >&2
    die "pg_ctl start failed (log: $LOGFILE)" "read the log; a damaged cluster can be reset by deleting $PG_DATA"
  fi
  cmd_wait "$PG_START_TIMEOUT"
  sync_password "$bin"
  if ((first)); then check_extensions "$bin"; fi
  mark_started postgres
  info "ready in $(elapsed_since "$start") s"
}

cmd_stop() {
  local bin
  if ! bin=$(find_pg_bin 2>/dev/null) || ! pg_status "$bin"; then
    info "not running"
    return 0
  fi
  info "stopping"
  # -m fast: roll back open transactions and disconnect clients instead of waiting
  # for them (the default "smart" mode waits for every test's pool to close).
  as_pg "$bin/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 60 -s >&2 ||
    die "pg_ctl stop failed" "see $LOGFILE; as a last resort: pg_ctl stop -m immediate -D $PG_DATA"
  info "stopped"
}

cmd_status() {
  if is_running; then
    printf 'postgres: running, %s:%s, data %s, log %s\n' "$PG_HOST" "$PG_PORT" \
      "$(pretty_path "$PG_DATA")" "$(pretty_path "$LOGFILE")"
    return 0
  fi
  printf 'postgres: stopped\n'
  return 3
}

cmd_url() {
  local password
  password=$(read_password) ||
    die "the cluster has not been created yet, so it has no password" "run: bash scripts/infra/postgres.sh start"
  printf 'postgres://%s:%s@%s:%s/postgres\n' "$PG_USER" "$(urlencode "$password")" "$PG_HOST" "$PG_PORT"
}

case ${1:-} in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  wait) cmd_wait "${2:-$PG_START_TIMEOUT}" ;;
  url) cmd_url ;;
  *)
    echo "usage: $0 {install|start|stop|status|wait [seconds]|url}" >&2
    exit 2
    ;;
esac
