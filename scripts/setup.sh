#!/usr/bin/env bash
# Installs everything JobMarket needs on a fresh Debian machine of our kind (Node 20,
# Java 17 + Maven, Python 3.11; no Docker; package registries only), and does
# nothing on the next run: every step is keyed by a stamp or a content hash.
#
#   bash scripts/setup.sh                 all steps: apt, npm, python, kafka
#   bash scripts/setup.sh kafka python    only those steps (any of apt npm python kafka)
#
# It installs; it starts nothing (that is `bash scripts/infra/infra.sh up`).
# Settings (environment): JOBMARKET_SETUP_BROWSER=0 skips Chromium; the variables of
# scripts/infra (JOBMARKET_CACHE_DIR, KAFKA_VERSION...). See docs/infrastructure.md.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

INFRA_TAG=setup
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/infra/lib.sh"

: "${JOBMARKET_SETUP_BROWSER:=1}"

step() { printf '%s\n' "$*"; }

# --- apt: system packages ------------------------------------------------------
# Only what the tools above cannot bring themselves: the PostgreSQL server (the
# contrib extensions ship in it), Chromium for browser tests, and the base tools our
# scripts call if a machine lacks them. Presence is checked by file, not dpkg, to keep
# the second run instant.
setup_apt() {
  local -a want=() have=()
  if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then have+=(postgresql); else want+=(postgresql postgresql-contrib); fi
  if [[ $JOBMARKET_SETUP_BROWSER != 0 ]]; then
    # fonts-liberation: without a font, pages render with no visible text in screenshots.
    if command -v chromium >/dev/null 2>&1; then have+=(chromium); else want+=(chromium fonts-liberation); fi
  fi
  command -v java >/dev/null 2>&1 || want+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null 2>&1 || want+=(maven)
  command -v curl >/dev/null 2>&1 || want+=(curl)
  command -v flock >/dev/null 2>&1 || want+=(util-linux)
  # Debian's own python3 ships `venv` without ensurepip (pyenv's builds have both).
  if [[ $(command -v "${JOBMARKET_PYTHON:-python3}" 2>/dev/null) == /usr/bin/* ]] &&
    ! dpkg-query -W -f='${Status}' python3-venv 2>/dev/null | grep -q 'ok installed'; then
    want+=(python3-venv)
  fi
  if ((${#want[@]} == 0)); then
    step "apt packages: present (${have[*]:-nothing needed})"
    return 0
  fi
  local start
  start=$(now)
  apt_install "${want[@]}"
  step "apt packages: installed ${want[*]} in $(elapsed_since "$start") s"
}

# --- npm: the workspaces' node_modules -------------------------------------------
NPM_STAMP="$JOBMARKET_ROOT/node_modules/.jobmarket-setup.sha256"

# node_modules is valid for one package-lock.json and one Node ABI (native addons
# such as DuckDB's and onnxruntime's are built for it).
npm_key() {
  printf '%s %s\n' "$(sha256sum <"$JOBMARKET_ROOT/package-lock.json" | cut -d' ' -f1)" "$(node --version)"
}

setup_npm() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    die "node/npm not found" "install Node.js 20.19+ with npm (the machine image provides it)"
  fi
  [[ -f $JOBMARKET_ROOT/package-lock.json ]] ||
    die "package-lock.json is missing" "restore it (git checkout -- package-lock.json) or run npm install once"
  local key
  key=$(npm_key)
  if [[ -d $JOBMARKET_ROOT/node_modules && -f $NPM_STAMP && "$(<"$NPM_STAMP")" == "$key" ]]; then
    step "npm ci: up to date"
    return 0
  fi
  # A tree installed before this script existed (or by `npm install`) is adopted
  # when npm itself finds it consistent, rather than wiped and reinstalled.
  if [[ -d $JOBMARKET_ROOT/node_modules && ! -f $NPM_STAMP ]] &&
    (cd "$JOBMARKET_ROOT" && npm ls --all >/dev/null 2>&1); then
    printf '%s\n' "$key" >"$NPM_STAMP"
    step "npm ci: node_modules already matches package-lock.json"
    return 0
  fi
  local start
  start=$(now)
  # onnxruntime-node's install script would otherwise download CUDA libraries from
  # outside the package registry, which fails here and is not needed on CPU.
  # The lock keeps two sessions from running npm in this tree at the same time.
  if ! (cd "$JOBMARKET_ROOT" && ONNXRUNTIME_NODE_INSTALL=skip \
    flock /tmp/jobmarket-npm.lock npm ci --no-audit --no-fund --loglevel=error); then
    die "npm ci failed (see npm's messages above)" \
      "if package-lock.json is out of date with a package.json, run: npm install, then commit the lock"
  fi
  printf '%s\n' "$key" >"$NPM_STAMP"
  step "npm ci: done in $(elapsed_since "$start") s"
}

# --- python and kafka: delegated to scripts/infra, which print one line each --------
setup_python() { bash "$INFRA_DIR/python.sh" install; }
setup_kafka() { bash "$INFRA_DIR/kafka.sh" install; }

main() {
  local -a steps=("$@")
  local s
  ((${#steps[@]})) || steps=(apt npm python kafka)
  for s in "${steps[@]}"; do
    case $s in
      apt | npm | python | kafka) ;;
      -h | --help)
        sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
      *) die "unknown step: $s" "the steps are: apt npm python kafka (none = all)" ;;
    esac
  done
  local start
  start=$(now)
  for s in "${steps[@]}"; do "setup_$s"; done
  step "setup: done in $(elapsed_since "$start") s"
}

main "$@"
