#!/usr/bin/env bash
# Runs one fuzz target for up to SECONDS, stopping it early once coverage has stopped growing for
# PLATEAU seconds, with the limits that make hangs and bombs findings. Logs to fuzz/logs/TARGET.log.
#
#   fuzz/run.sh TARGET [SECONDS] [PLATEAU] [extra libFuzzer options...]
#
# One job at a time: -fork=1 runs one fuzzing child after another, so that a crash, a hang or an
# out-of-memory is recorded in fuzz/artifacts/TARGET/ and the run goes on to find the next one.
# Needs cargo-fuzz, and RUSTC_BOOTSTRAP=1 on a stable toolchain (set here). Findings land in
# fuzz/artifacts/TARGET/; turn each into a fixture under fixtures/hostile/fuzz/ (see README).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="$1"; seconds="${2:-600}"; plateau="${3:-240}"; shift $(( $# < 3 ? $# : 3 ))
export RUSTC_BOOTSTRAP=1
mkdir -p "$here/logs" "$here/corpus/$target" "$here/artifacts/$target"
log="$here/logs/$target.log"
case "$target" in
  docx_xml|count|sniff) max_len=131072 ;;
  docx_styles) max_len=524288 ;;
  *) max_len=262144 ;;
esac
cd "$here"
nice -n 10 cargo fuzz build -O "$target" >> "$log.build" 2>&1
bin="$here/target/x86_64-unknown-linux-gnu/release/$target"
nice -n 10 "$bin" "$here/corpus/$target" \
  -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len="$max_len" \
  -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$here/artifacts/$target/" \
  "$@" > "$log" 2>&1 &
pid=$!
last=""; since=$SECONDS
while kill -0 "$pid" 2>/dev/null; do
  sleep 15
  now="$(grep -aoE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)"
  if [ "$now" != "$last" ]; then last="$now"; since=$SECONDS
  elif [ $(( SECONDS - since )) -ge "$plateau" ]; then
    echo "run.sh: no new coverage for ${plateau}s; stopping" >> "$log"
    # Interrupted, libFuzzer prints its final stats.
    kill -INT "$pid" 2>/dev/null || true
  fi
done
wait "$pid" || true
