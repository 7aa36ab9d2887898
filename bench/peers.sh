#!/usr/bin/env bash
# Side-by-side benchmark of Cognito emulators (issue 7): this emulator, moto server, cognito-local and
# cognitox, each on its own loopback port, seeded the same way through the public API and driven with the
# same requests by the in-tree load tool (`cognito-load --url`), next to the bare-hyper ceiling of this
# machine. Prints one Markdown table: requests/s, p50, p99 and the ratio to the best peer per operation
# ("unsupported" where a peer refuses an operation or its seeding), then start-up time and memory.
#
#   bench/peers.sh                 # install what is missing, then measure (DURATION=5 CONNS=16 by default)
#   bench/peers.sh install         # only install the peers
#   PEERS="emulator moto" bench/peers.sh   # a subset
#
# Everything installed goes under bench-work/ (gitignored): a Python venv with moto[server], an npm
# folder with cognito-local, and cognitox built by `cargo install` (slow: several minutes of compiling;
# set SKIP_COGNITOX=1 to skip it, COGNITOX_TIMEOUT to bound it). A peer that failed to install is shown
# as "not installed" in the table. Loopback only; every server started here is stopped on exit.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/bench-work
mkdir -p "$WORK"
LOG=$WORK/logs
mkdir -p "$LOG"

DURATION=${DURATION:-5}
CONNS=${CONNS:-16}
PEERS=${PEERS:-"emulator moto cognito-local cognitox"}
OPS=${OPS:-"DescribeUserPool AdminGetUser AdminCreateUser ListUsersFilter GetUser InitiateAuth GetCredentialsForIdentity CreateUserPool"}
COGNITOX_TIMEOUT=${COGNITOX_TIMEOUT:-1800}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

say() { printf '==> %s\n' "$*" >&2; }

# ---- install --------------------------------------------------------------------------------------------

install_moto() {
  [ -x "$WORK/moto/bin/moto_server" ] && return 0
  say "installing moto[server] into bench-work/moto"
  python3 -m venv "$WORK/moto" &&
    "$WORK/moto/bin/pip" install --quiet 'moto[server]' >"$LOG/install-moto.log" 2>&1
}

install_cognito_local() {
  [ -x "$WORK/cognito-local/node_modules/.bin/cognito-local" ] && return 0
  say "installing cognito-local into bench-work/cognito-local"
  mkdir -p "$WORK/cognito-local" &&
    (cd "$WORK/cognito-local" && { [ -f package.json ] || echo '{"private":true}' >package.json; } &&
      npm install --no-audit --no-fund cognito-local >"$LOG/install-cognito-local.log" 2>&1)
}

install_cognitox() {
  [ -x "$WORK/cognitox/bin/cognitox" ] && return 0
  [ -n "${SKIP_COGNITOX:-}" ] && { echo "skipped (SKIP_COGNITOX)" >"$WORK/cognitox.status"; return 1; }
  say "installing cognitox 0.1.2 into bench-work/cognitox (cargo install; several minutes)"
  # Its own build folder, so the project's target directory is never locked for minutes; removed after.
  if CARGO_TARGET_DIR="$WORK/cognitox-build" timeout "$COGNITOX_TIMEOUT" \
      nice -n 10 cargo install cognitox@0.1.2 --locked --root "$WORK/cognitox" >"$LOG/install-cognitox.log" 2>&1; then
    rm -rf "$WORK/cognitox-build"
    rm -f "$WORK/cognitox.status"
  else
    rc=$?
    rm -rf "$WORK/cognitox-build"
    if [ "$rc" = 124 ]; then
      echo "install timed out after ${COGNITOX_TIMEOUT}s" >"$WORK/cognitox.status"
    else
      echo "install failed: $(grep -m1 -E '^error' "$LOG/install-cognitox.log" || tail -n1 "$LOG/install-cognitox.log")" >"$WORK/cognitox.status"
    fi
    return 1
  fi
}

install_all() {
  for p in $PEERS; do
    case $p in
      moto) install_moto || say "moto: install failed (see $LOG/install-moto.log)" ;;
      cognito-local) install_cognito_local || say "cognito-local: install failed (see $LOG/install-cognito-local.log)" ;;
      cognitox) install_cognitox || say "cognitox: $(cat "$WORK/cognitox.status" 2>/dev/null)" ;;
    esac
  done
}

if [ "${1:-}" = install ]; then
  install_all
  exit 0
fi
