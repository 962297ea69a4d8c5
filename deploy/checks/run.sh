#!/usr/bin/env bash
# `npm run check:deploy`: every deploy check that runs without a container engine or a cluster.
#   1. the chart's values.schema.json is the generated one      (deploy/chart/values-schema.mjs)
#   2. helm lint --strict, default values, each example (charts/jobmarket/examples/*.yaml) and kind
#   3. helm template of the same, every manifest validated against the Kubernetes API schemas,
#      offline and strict (kubernetes-validate), for the oldest and newest Kubernetes we support
#   4. checkov on the rendered manifests and on every Dockerfile  (deploy/checks/checkov.yaml)
#   5. hadolint on every Dockerfile                               (deploy/hadolint.yaml)
#   6. docker-compose.yml against the Compose specification's JSON schema
# The chart unit tests and the compose-vs-code tests are vitest tests (deploy/checks/test), run
# with the other tests (npx vitest run deploy). Installs its tools first
# (scripts/setup-deploy-tools.sh, nothing to do once cached). Works in a temporary directory, so
# it can run beside anything else. Last line: "deploy checks: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

KUBE_VERSIONS=${DEPLOY_KUBE_VERSIONS:-"1.29.0 1.37.0"}

bash scripts/setup-deploy-tools.sh || exit 1
eval "$(bash scripts/setup-deploy-tools.sh paths)"
: "${HELM:?}" "${DEPLOY_VENV:?}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
failures=()

# check NAME COMMAND...: runs one check, prints its time, keeps its output only when it fails.
check() {
  local name=$1 started=$EPOCHREALTIME log="$work/$RANDOM.log"
  shift
  if "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
    printf 'ok    %-58s %5.1f s\n' "$name" "$(awk -v s="$started" -v e="$EPOCHREALTIME" 'BEGIN{print e-s}')"
  else
    failed=$((failed + 1))
    failures+=("$name")
    printf 'FAIL  %-58s %5.1f s\n' "$name" "$(awk -v s="$started" -v e="$EPOCHREALTIME" 'BEGIN{print e-s}')"
    sed 's/^/      /' "$log" | tail -n 60
  fi
}

chart=charts/jobmarket
value_sets=(default)
for f in "$chart"/examples/*.yaml; do value_sets+=("$(basename "$f" .yaml)"); done
value_sets+=(kind)
values_args() {
  case $1 in
    default) ;;
    kind) printf -- '-f\n%s\n' k8s/values-kind.yaml ;;
    *) printf -- '-f\n%s\n' "$chart/examples/$1.yaml" ;;
  esac
}

render() {
  local set=$1
  local -a args
  mapfile -t args < <(values_args "$set")
  "$HELM" template jobmarket "$chart" --namespace jobmarket "${args[@]}" >"$work/rendered/$set.yaml"
}

lint() {
  local set=$1
  local -a args
  mapfile -t args < <(values_args "$set")
  "$HELM" lint --strict "$chart" --namespace jobmarket "${args[@]}"
}

dockerfiles() {
  find . -name Dockerfile -not -path './node_modules/*' -not -path '*/node_modules/*' -not -path './.git/*' | sort
}

check "values.schema.json is generated from deploy/chart/values-schema.mjs" \
  node deploy/chart/values-schema.mjs --check

for set in "${value_sets[@]}"; do
  check "helm lint --strict ($set values)" lint "$set"
done

mkdir -p "$work/rendered"
for set in "${value_sets[@]}"; do
  check "helm template ($set values)" render "$set"
done

for version in $KUBE_VERSIONS; do
  check "Kubernetes $version API schemas, strict (${#value_sets[@]} renders)" \
    "$DEPLOY_VENV/bin/kubernetes-validate" --strict --quiet --kubernetes-version "$version" "$work"/rendered/*.yaml k8s/namespace.yaml
done

# One checkov run over one folder (it ignores -f beside -d): the renders and copies of the
# Dockerfiles under their own paths (their inline skips come along).
checkov_scan() {
  local f
  rm -rf "$work/scan"
  mkdir -p "$work/scan"
  cp -r "$work/rendered" "$work/scan/chart"
  while IFS= read -r f; do
    mkdir -p "$work/scan/docker/$(dirname "$f")"
    cp "$f" "$work/scan/docker/$f"
  done < <(dockerfiles)
  "$DEPLOY_VENV/bin/checkov" --config-file deploy/checks/checkov.yaml -d "$work/scan" &&
    [[ $(find "$work/scan/docker" -name Dockerfile | wc -l) -gt 0 ]]
}
check "checkov: rendered manifests and Dockerfiles" checkov_scan

hadolint_all() {
  local -a files
  mapfile -t files < <(dockerfiles)
  "$DEPLOY_VENV/bin/hadolint" --config deploy/hadolint.yaml "${files[@]}"
}
check "hadolint: $(dockerfiles | wc -l) Dockerfiles" hadolint_all

check "docker-compose.yml against the Compose specification schema" \
  "$DEPLOY_VENV/bin/check-jsonschema" --builtin-schema vendor.compose-spec docker-compose.yml

if ((failed > 0)); then
  printf 'failed: %s\n' "${failures[@]}"
fi
printf 'deploy checks: %d passed, %d failed\n' "$passed" "$failed"
((failed == 0))
