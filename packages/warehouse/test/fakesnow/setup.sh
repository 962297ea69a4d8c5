#!/usr/bin/env bash
# Installs fakesnow (PyPI) in a throwaway virtualenv under the project's cache dir:
#   <JOBMARKET_CACHE_DIR or ~/.cache/jobmarket>/fakesnow-venv
# snowflake-connector-python is kept below 5: fakesnow 0.12.1 imports
# snowflake.connector.converter, which 5.x removed.
set -euo pipefail
cache="${JOBMARKET_CACHE_DIR:-$HOME/.cache/jobmarket}"
venv="$cache/fakesnow-venv"
if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c 'import fakesnow.server' 2>/dev/null; then
  echo "$venv"
  exit 0
fi
mkdir -p "$cache"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  'fakesnow[server]==0.12.1' 'snowflake-connector-python==4.8.1' >&2
echo "$venv"
