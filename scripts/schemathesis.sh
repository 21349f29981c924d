#!/usr/bin/env bash
# Property-based tests of `essaylint serve` against its own OpenAPI document, with schemathesis:
# every answer must have a documented status and match its schema, a schema-valid request must not
# be refused, and a schema-violating one must not be accepted. Run twice: without a token, and with
# one (`--token-file`), where the document declares it.
#
#   scripts/schemathesis.sh [BINARY]
#
# BINARY defaults to target/debug/essaylint (what `cargo test` builds). Starts and stops the
# service itself. EXAMPLES (default 40) bounds the examples per operation and SEED (default fixed)
# makes a run reproducible. Installs schemathesis with pip when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/essaylint}
examples=${EXAMPLES:-40}
seed=${SEED:-20261204}
version=4.32.5

if ! command -v schemathesis >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$version" ||
    python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "schemathesis==$version"
fi

work=$(mktemp -d)
server=
stop() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=
  fi
}
trap 'stop; rm -rf "$work"' EXIT

# Starts the service with the options given; sets $server and $base.
start() {
  "$bin" serve --addr 127.0.0.1:0 --log-format json "$@" >"$work/out" 2>"$work/log" &
  server=$!
  base=
  for _ in $(seq 200); do
    base=$(sed -n 's/^listening on //p' "$work/out")
    [ -n "$base" ] && return 0
    kill -0 "$server" 2>/dev/null || break
    sleep 0.05
  done
  echo "essaylint serve did not start:" >&2
  cat "$work/log" >&2
  return 1
}

run() {
  timeout 600 schemathesis run "$base/v1/openapi.json" --no-color \
    --max-examples "$examples" --seed "$seed" --request-timeout 60 "$@"
}

echo "== without a token"
start
run
stop

echo "== with a token"
echo "schemathesis-token" >"$work/token"
start --token-file "$work/token"
run -H "Authorization: Bearer schemathesis-token"
stop
