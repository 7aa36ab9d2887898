#!/usr/bin/env bash
# Runs every test: the Rust tests (unit, wire, Rust SDK), then the sdk-compat suites (boto3, AWS CLI,
# JS SDK v3, ...) against the release binary. Installs what sdk-compat needs on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> cargo test"
cargo test --all-targets

echo "==> release build"
cargo build --release --bins

if [ -x sdk-compat/run.sh ]; then
  echo "==> sdk-compat"
  sdk-compat/run.sh "$PWD/target/release/cognito-emulator"
fi
