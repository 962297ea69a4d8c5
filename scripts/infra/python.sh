#!/usr/bin/env bash
# The project's Python tools (dbt with the DuckDB and Snowflake adapters, MLflow) in
# one virtualenv at $JOBMARKET_CACHE_DIR/venv, built from the repo's requirements.txt
# and pinned down to every transitive version by scripts/infra/python/constraints.txt.
#
#   python.sh install   create the venv, or recreate it when those files changed
#   python.sh bin       print the venv's bin directory (fails if it is not installed)
#   python.sh lock      re-resolve requirements.txt from scratch in a scratch venv and
#                       rewrite constraints.txt (after editing requirements.txt)
#
# Settings (environment): JOBMARKET_PYTHON (the interpreter to build the venv from,
# default python3). See docs/infrastructure.md.
set -euo pipefail

INFRA_TAG=python
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

: "${JOBMARKET_PYTHON:=python3}"

VENV="$JOBMARKET_CACHE_DIR/venv"
REQUIREMENTS="$JOBMARKET_ROOT/requirements.txt"
CONSTRAINTS="$INFRA_DIR/python/constraints.txt"
# Inside the venv, so that deleting the venv also deletes the proof it was complete.
STAMP="$VENV/.jobmarket-requirements.sha256"
PIP_LOG="$JOBMARKET_CACHE_DIR/pip-install.log"

# The venv is rebuilt when either file changes; their hashes are the whole key.
wanted_key() {
  local f
  for f in "$REQUIREMENTS" "$CONSTRAINTS"; do
    if [[ -f $f ]]; then cat "$f"; fi
  done | sha256sum | cut -d' ' -f1
}

# -x follows the symlink to the base interpreter, so a venv whose Python was removed
# (e.g. a pyenv version uninstalled) counts as missing too.
is_installed() {
  [[ -f $STAMP && -x $VENV/bin/python ]] && [[ "$(<"$STAMP")" == "$(wanted_key)" ]]
}

check_python() {
  command -v "$JOBMARKET_PYTHON" >/dev/null 2>&1 ||
    die "$JOBMARKET_PYTHON not found" "install Python 3.11 (apt-get install -y python3 python3-venv) or set JOBMARKET_PYTHON"
  local version
  version=$("$JOBMARKET_PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  # dbt 1.11 and mlflow 3 need 3.10+; the pins were resolved and tested on 3.11.
  "$JOBMARKET_PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' ||
    die "$JOBMARKET_PYTHON is Python $version; dbt and MLflow need 3.10 or newer (tested: 3.11)" \
      "install Python 3.11 and set JOBMARKET_PYTHON to it"
  "$JOBMARKET_PYTHON" -c 'import venv, ensurepip' 2>/dev/null ||
    die "$JOBMARKET_PYTHON has no venv/ensurepip module" "apt-get install -y python3-venv"
  printf '%s' "$version"
}

# The checks that tell us the venv is usable, not merely installed.
verify() {
  local out
  out=$(DBT_SEND_ANONYMOUS_USAGE_STATS=false "$VENV/bin/dbt" --version 2>&1) ||
    die "dbt --version failed in the new venv: $out" "see $PIP_LOG"
  if ! grep -q 'duckdb:' <<<"$out" || ! grep -q 'snowflake:' <<<"$out"; then
    die "dbt does not list both the duckdb and snowflake adapters:$(printf '\n')$out" "see $PIP_LOG"
  fi
  "$VENV/bin/mlflow" --version >/dev/null 2>&1 || die "mlflow --version failed in the new venv" "see $PIP_LOG"
  "$VENV/bin/python" - <<'EOF' || die "the venv's duckdb is not the pinned release" "check requirements.txt"
import re, duckdb
pinned = re.search(r"^duckdb==(\S+)", open("requirements.txt").read(), re.M).group(1)
assert duckdb.__version__ == pinned, (duckdb.__version__, pinned)
EOF
}

cmd_install() {
  [[ -f $REQUIREMENTS ]] || die "$REQUIREMENTS is missing" "restore it from git: git checkout -- requirements.txt"
  if is_installed; then
    info "venv up to date ($(pretty_path "$VENV"))"
    return 0
  fi
  mkdir -p "$JOBMARKET_CACHE_DIR"
  with_lock "$JOBMARKET_CACHE_DIR/venv.lock" 8
  if is_installed; then
    info "venv up to date"
    return 0
  fi
  local version start key
  version=$(check_python)
  start=$(now)
  key=$(wanted_key)
  local -a constraints=()
  if [[ -f $CONSTRAINTS ]]; then constraints=(-c "$CONSTRAINTS"); fi
  if [[ -d $VENV ]]; then
    info "requirements changed: recreating the venv"
  fi
  # A venv cannot be moved once created (its scripts hold absolute paths), so it
  # is rebuilt in place; the stamp written last marks it complete.
  rm -rf "$VENV"
  info "creating venv with Python $version in $(pretty_path "$VENV") (log: $PIP_LOG)"
  # --no-compile: byte-compiling all 1.1 GB up front costs about half of the
  # install's CPU time, mostly for modules we never import; Python compiles and
  # caches the ones we use on first import instead.
  "$JOBMARKET_PYTHON" -m venv "$VENV" || die "python -m venv failed" "apt-get install -y python3-venv"
  if ! (cd "$JOBMARKET_ROOT" && "$VENV/bin/python" -m pip install --no-input --disable-pip-version-check --no-compile \
    -r "$REQUIREMENTS" "${constraints[@]}" >"$PIP_LOG" 2>&1); then
    tail -n 25 "$PIP_LOG" >&2
    die "pip install -r requirements.txt failed (full log: $PIP_LOG)" \
      "if a pin cannot be found, check it with: pip index versions NAME; then fix requirements.txt / constraints.txt"
  fi
  (cd "$JOBMARKET_ROOT" && verify)
  printf '%s\n' "$key" >"$STAMP"
  release_lock 8
  info "venv installed in $(elapsed_since "$start") s ($(du -sh "$VENV" | cut -f1))"
}

cmd_lock() {
  local version start scratch
  version=$(check_python)
  start=$(now)
  scratch="$JOBMARKET_CACHE_DIR/venv-lock.$$"
  rm -rf "$scratch"
  info "resolving requirements.txt from scratch with Python $version (log: $PIP_LOG)"
  "$JOBMARKET_PYTHON" -m venv "$scratch"
  if ! "$scratch/bin/python" -m pip install --no-input --disable-pip-version-check --no-compile \
    -r "$REQUIREMENTS" >"$PIP_LOG" 2>&1; then
    tail -n 25 "$PIP_LOG" >&2
    rm -rf "$scratch"
    die "pip could not resolve requirements.txt (full log: $PIP_LOG)" "adjust the pins in requirements.txt"
  fi
  (cd "$JOBMARKET_ROOT" && VENV=$scratch verify)
  {
    cat <<EOF
# Every package of the project's Python venv, pinned: what \`python.sh lock\` resolved
# from requirements.txt on Python $version ($(uname -s) $(uname -m)) and then checked
# (dbt lists both adapters, mlflow runs, duckdb is the pinned release).
# \`python.sh install\` uses it as pip constraints, so every machine gets the same set.
# Do not edit by hand: change requirements.txt, then run
#   bash scripts/infra/python.sh lock && bash scripts/infra/python.sh install
EOF
    "$scratch/bin/python" -m pip freeze --disable-pip-version-check
  } >"$CONSTRAINTS.tmp"
  mv "$CONSTRAINTS.tmp" "$CONSTRAINTS"
  rm -rf "$scratch"
  info "wrote $(pretty_path "$CONSTRAINTS") ($(grep -c '==' "$CONSTRAINTS") pins) in $(elapsed_since "$start") s"
}

cmd_bin() {
  is_installed || die "the venv at $VENV is missing or out of date" "run: bash scripts/infra/python.sh install"
  printf '%s\n' "$VENV/bin"
}

case ${1:-} in
  install) cmd_install ;;
  bin) cmd_bin ;;
  lock) cmd_lock ;;
  *)
    echo "usage: $0 {install|bin|lock}" >&2
    exit 2
    ;;
esac
