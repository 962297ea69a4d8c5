#!/usr/bin/env bash
# `npm test`: every test of the project. Installs what is missing, starts each engine once
# (Kafka, PostgreSQL, MLflow), runs the suites, and stops only the engines it started, even
# when a suite fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

started_file=$(mktemp)
stop_started() {
  bash scripts/infra/infra.sh down --started-file "$started_file" || true
  rm -f "$started_file"
}
trap stop_started EXIT

eval "$(bash scripts/infra/infra.sh up --print-env --started-file "$started_file")"

step() { printf '\n== %s\n' "$*"; }

step "build"
npm run build --silent
step "lint"
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }
# Deploy checks (docs/deploy.md, "Checks"): helm lint/template, Kubernetes schemas, checkov,
# hadolint, Compose schema; installs their tools first. Needs no engine and no build, works in its
# own temporary directory. Before vitest, whose deploy/checks tests use the same tools.
step "deploy checks"
npm run --silent check:deploy
step "unit and integration tests"
npx vitest run
