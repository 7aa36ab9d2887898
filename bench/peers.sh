#!/usr/bin/env bash
# Side-by-side benchmark of Cognito emulators (issue 7): this emulator, moto server, cognito-local and
# cognitox, each on its own loopback port, seeded the same way through the public API and driven with the
# same requests by the in-tree load tool (`cognito-load --url`), next to the bare-hyper ceiling of this
# machine. Every peer runs with its default settings (logging included), output sent to bench-work/logs/.
# Prints one Markdown table: requests/s, p50, p99 and the ratio to the best peer per operation
# ("unsupported" where a peer refuses an operation or its seeding), then start-up time and memory.
#
#   bench/peers.sh                 # install what is missing, then measure (DURATION=5 CONNS=16 by default)
#   bench/peers.sh install         # only install the peers
#   bench/peers.sh report          # print the table of the last run again
#   PEERS="emulator moto" bench/peers.sh   # a subset
#   OPS="DescribeUserPool GetUser" DURATION=3 bench/peers.sh
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
OPS=${OPS:-"ListUsersFilter DescribeUserPool AdminGetUser GetUser InitiateAuth SrpSignIn AdminCreateUser GetCredentialsForIdentity CreateUserPool"}
STARTUP_RUNS=${STARTUP_RUNS:-5}
# Seconds one operation may take, seeding included (cognito-local needs minutes to seed 10,000 users).
OP_TIMEOUT=${OP_TIMEOUT:-300}
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

# The table, from bench-work/results.tsv.
report() {
python3 - "$WORK/results.tsv" <<'PY'
import json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
meta = {r[1]: r[2] for r in rows if r[0] == "meta"}
ceil = {r[1]: json.loads(r[2]) for r in rows if r[0] == "ceiling" and len(r) > 2 and r[2]}
peers, status, mem, memseed = [], {}, {}, {}
for r in rows:
    if r[0] == "peer":
        peers.append(r[1]); status[r[1]] = r[2:]
    if r[0] == "mem":
        mem[r[1]] = int(r[2])
    if r[0] == "memseed":
        memseed[r[1]] = int(r[2])
ops, res = [], {}
for r in rows:
    if r[0] != "op":
        continue
    peer, op, kind = r[1], r[2], r[3]
    if op not in ops:
        ops.append(op)
    if kind == "ok":
        d = json.loads(r[4])
        if d["errors"] > d["requests"] / 2:
            res[(op, peer)] = ("unsupported", f'{d["errors"]} of {d["requests"]} answers were errors')
        else:
            res[(op, peer)] = d
    else:
        res[(op, peer)] = (kind, r[4] if len(r) > 4 else "")
print(f'Machine: {meta.get("machine")}; {meta.get("duration")} per run; load average {meta.get("load_start")} at the start, {meta.get("load_end")} at the end.')
for k, c in ceil.items():
    print(f'Bare-hyper ceiling ({k}): {c["rps"]:.0f} req/s, p50 {c["p50_ms"]:.2f} ms, p99 {c["p99_ms"]:.2f} ms.')
print()
ran = [p for p in peers if status[p][0] == "ok"]
print("| Operation | " + " | ".join(ran) + " |")
print("|---|" + "---|" * len(ran))
for op in ops:
    best = max((res[(op, p)]["rps"] for p in ran if isinstance(res.get((op, p)), dict)), default=0)
    cells = []
    for p in ran:
        v = res.get((op, p))
        if isinstance(v, dict):
            cells.append(f'{v["rps"]:.0f}/s, p50 {v["p50_ms"]:.2f} ms, p99 {v["p99_ms"]:.2f} ms, {v["rps"] / best:.2f}× best' if best else "-")
        elif v is None:
            cells.append("-")
        else:
            cells.append(v[0])
    print(f"| {op} | " + " | ".join(cells) + " |")
print()
print("| Peer | start-up (ms to first answer, median) | idle RSS | RSS after seeding 10,000 users | RSS after all the runs |")
print("|---|---|---|---|---|")
kib = lambda d, p: f"{d[p] / 1024:.1f} MiB" if p in d else "-"
for p in peers:
    s = status[p]
    if s[0] == "ok":
        print(f"| {p} | {s[1]} | {int(s[2]) / 1024:.1f} MiB | {kib(memseed, p)} | {kib(mem, p)} |")
    else:
        print(f"| {p} | {s[0]} | | | |")
notes = [(op, p, v[1]) for (op, p), v in res.items() if isinstance(v, tuple) and v[1]]
if notes:
    print()
    for op, p, why in notes:
        print(f"- {p} {op}: {why}")
PY
}

if [ "${1:-}" = report ]; then
  report
  exit 0
fi
if [ "${1:-}" = install ]; then
  install_all
  exit 0
fi

# ---- measure --------------------------------------------------------------------------------------------

install_all
# LOAD_BIN / EMULATOR_BIN: use given binaries instead of building (e.g. copies kept aside).
LOAD=${LOAD_BIN:-$CARGO_TARGET_DIR/release/cognito-load}
EMU=${EMULATOR_BIN:-$CARGO_TARGET_DIR/release/cognito-emulator}
if [ -z "${LOAD_BIN:-}" ] || [ ! -x "$LOAD" ] || [ ! -x "$EMU" ]; then
  say "building the emulator and the load tool (release)"
  cargo build --release --bins >&2 || exit 1
fi
RESULTS=$WORK/results.tsv
: >"$RESULTS"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill_tree "$p"; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
descendants() { local c; for c in $(pgrep -P "$1"); do echo "$c"; descendants "$c"; done; }
kill_tree() { local all; all="$1 $(descendants "$1")"; kill $all 2>/dev/null; sleep 0.3; kill -9 $all 2>/dev/null; true; }
# Resident memory (kB) of a process and its children (npm/node and Python servers may fork).
rss_tree() {
  local total=0 p kb
  for p in "$1" $(descendants "$1"); do
    kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null)
    total=$((total + ${kb:-0}))
  done
  echo "$total"
}

installed() {
  case $1 in
    emulator) [ -x "$EMU" ] ;;
    moto) [ -x "$WORK/moto/bin/moto_server" ] ;;
    cognito-local) [ -x "$WORK/cognito-local/node_modules/.bin/cognito-local" ] ;;
    cognitox) [ -x "$WORK/cognitox/bin/cognitox" ] ;;
  esac
}

# The shell command that starts a peer on $PORT (with `exec`, so the process started is the server).
peer_cmd() {
  local dir
  case $1 in
    emulator) echo "exec '$EMU' --port $PORT >'$LOG/emulator.out' 2>&1" ;;
    moto) echo "exec '$WORK/moto/bin/moto_server' -H 127.0.0.1 -p $PORT >'$LOG/moto.out' 2>&1" ;;
    cognito-local)
      # A fresh data folder per run: cognito-local keeps its state in .cognito/ under the working folder.
      # Its default pool has UsernameAttributes [email], unlike AWS's: configure AWS's default so every peer
      # is seeded with the same requests (plain usernames).
      dir=$WORK/cognito-local/run && rm -rf "$dir" && mkdir -p "$dir/.cognito" &&
        echo '{"UserPoolDefaults":{"UsernameAttributes":[]}}' >"$dir/.cognito/config.json" &&
        echo "cd '$dir' && PORT=$PORT HOST=127.0.0.1 exec node '$WORK/cognito-local/node_modules/cognito-local/lib/bin/start.js' >'$LOG/cognito-local.out' 2>&1" ;;
    cognitox) echo "exec '$WORK/cognitox/bin/cognitox' -p $PORT >'$LOG/cognitox.out' 2>&1" ;;
  esac
}

# Starts a peer on $PORT with `cognito-load --spawn`, which polls it every millisecond with a
# ListUserPools until any answer below 500 (the same probe for every peer); sets PID and STARTUP (ms).
start_peer() {
  local out
  out=$("$LOAD" --spawn "$(peer_cmd "$1")" --url "http://127.0.0.1:$PORT" 2>>"$LOG/$1.out" | grep '^{') || return 1
  PID=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')
  STARTUP=$(printf '%s' "$out" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["startup_ms"], 1))')
  PIDS+=("$PID")
}

record() { printf '%s\n' "$*" >>"$RESULTS"; }

say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
record "meta	load_start	$(cut -d' ' -f1-3 /proc/loadavg)"
record "meta	machine	$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
record "meta	duration	${DURATION} s, ${CONNS} connections"

ceiling() {
  local line
  line=$("$LOAD" --ceiling -d "$DURATION" -c "$CONNS" --json 2>/dev/null | grep '^{')
  record "ceiling	$1	$line"
}

ceiling start
for peer in $PEERS; do
  if ! installed "$peer"; then
    why="not installed"
    [ "$peer" = cognitox ] && [ -f "$WORK/cognitox.status" ] && why="not installed: $(cat "$WORK/cognitox.status")"
    record "peer	$peer	$why"
    continue
  fi
  PORT=$(free_port)
  say "$peer on 127.0.0.1:$PORT"
  # Start-up: the median of STARTUP_RUNS starts (a single start is at the mercy of the machine's noise).
  times=()
  for _ in $(seq 2 "$STARTUP_RUNS"); do
    start_peer "$peer" || break
    times+=("$STARTUP")
    kill_tree "$PID"
  done
  start_peer "$peer" || { record "peer	$peer	did not start (see $LOG/$peer.out)"; continue; }
  times+=("$STARTUP")
  STARTUP=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  sleep 2
  record "peer	$peer	ok	$STARTUP	$(rss_tree "$PID")"
  for op in $OPS; do
    say "  $op"
    out=$(timeout "$OP_TIMEOUT" "$LOAD" --url "http://127.0.0.1:$PORT" --op "$op" -d "$DURATION" -c "$CONNS" \
      --settle 2 --json 2>&1)
    rc=$?
    line=$(printf '%s\n' "$out" | grep '^{' | tail -n1)
    if [ $rc = 124 ]; then
      record "op	$peer	$op	timeout"
    elif [ $rc != 0 ] || [ -z "$line" ]; then
      record "op	$peer	$op	unsupported	$(printf '%s\n' "$out" | tail -n1 | cut -c1-200)"
    else
      record "op	$peer	$op	ok	$line"
    fi
    # Memory after seeding: ListUsersFilter runs first and seeds 10,000 users, then only reads.
    [ "$op" = ListUsersFilter ] && record "memseed	$peer	$(rss_tree "$PID")"
  done
  record "mem	$peer	$(rss_tree "$PID")"
  kill_tree "$PID"
done
ceiling end
record "meta	load_end	$(cut -d' ' -f1-3 /proc/loadavg)"

report
