#!/usr/bin/env bash
# Runs the real-client suites (boto3 + AWS CLI via pytest, JS SDK v3 via node's test runner) against a
# built emulator binary. Usage: sdk-compat/run.sh <path-to-cognito-emulator>
#
# Installs what it needs on first use into sdk-compat/.venv and sdk-compat/node_modules, and skips the
# installs afterwards unless requirements.txt / package-lock.json changed (stamp files hold their hashes).
# Each suite starts the binary itself on port 0 (pytest session fixture; js/helpers.mjs).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
binary="${1:-${COGNITO_EMULATOR_BIN:-}}"
if [ -z "$binary" ]; then
  echo "usage: $0 <path-to-cognito-emulator-binary>" >&2
  exit 2
fi
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
if [ ! -x "$binary" ]; then
  echo "sdk-compat: $binary is not an executable (build it: cargo build --release)" >&2
  exit 2
fi
export COGNITO_EMULATOR_BIN="$binary"

hash_of() { sha256sum "$@" | sha256sum | cut -d' ' -f1; }

# ---- Python: venv with boto3, awscli, pytest ----
python="${PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
  done
fi
venv="$here/.venv"
py_stamp="$venv/.requirements.sha256"
py_hash="$(hash_of "$here/requirements.txt")"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$py_stamp" 2>/dev/null)" != "$py_hash" ]; then
  echo "==> sdk-compat: installing Python packages into $venv"
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "$py_hash" > "$py_stamp"
fi

# ---- Node: the JS SDK v3 clients ----
nm="$here/node_modules"
js_stamp="$nm/.package-lock.sha256"
js_hash="$(hash_of "$here/package.json" "$here/package-lock.json")"
if [ ! -d "$nm" ] || [ "$(cat "$js_stamp" 2>/dev/null)" != "$js_hash" ]; then
  echo "==> sdk-compat: npm ci"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$js_hash" > "$js_stamp"
fi

# ---- A clean client environment: dummy credentials, no profiles or real endpoints leaking in ----
export AWS_ACCESS_KEY_ID=AKIAEMULATOREXAMPLE
export AWS_SECRET_ACCESS_KEY=emulator-secret-example
export AWS_SESSION_TOKEN=emulator-session-example
export AWS_DEFAULT_REGION=us-east-1
export AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null
export AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_PAGER=""
export AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ENDPOINT_URL || true

status=0
echo "==> sdk-compat: pytest (boto3, AWS CLI)"
(cd "$here" && "$venv/bin/python" -m pytest -q python/) || status=1

echo "==> sdk-compat: node --test (JS SDK v3)"
(cd "$here" && node --test js/) || status=1

if [ "$status" -ne 0 ]; then
  echo "sdk-compat: FAILED" >&2
fi
exit "$status"
