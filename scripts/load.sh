#!/usr/bin/env bash
# Load measurement of `essaylint serve` over loopback (docs/service-load.md).
#
#   scripts/load.sh [BINARY]
#
# FLOOD_ONLY=1 skips the wrk runs; DURATION (default 30s) sets their length; SERVE_ARGS adds options
# to `serve`; DOCX and PDF name the files posted (defaults below). BINARY defaults to target/release/essaylint (build it with `cargo build --release`). Needs wrk
# (Debian: `apt-get install wrk`), curl, and ../shared/corpus for the hostile files. Runs:
#   1. wrk, 16 connections, 30 s: a one-page .docx, then a two-page PDF;
#   2. 64 concurrent hostile uploads (curl), sampling the RSS of the server and its PDF workers
#      every 20 ms: the peak of the whole process tree;
#   3. the same, 64 concurrent uploads of the hostile corpus's PDFs, while wrk posts the normal PDF
#      beside them (4 connections): the peak, and how the normal requests were answered.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/essaylint}
corpus=../shared/corpus
duration=${DURATION:-30s}
docx=${DOCX:-fixtures/generated/at_limit_500.docx}
pdf=${PDF:-fixtures/real/b_en_1000__calibri11-double.pdf}

log=$(mktemp)
out=$(mktemp)
# shellcheck disable=SC2086
"$bin" serve --addr 127.0.0.1:0 --log-format json ${SERVE_ARGS:-} >"$out" 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log" "$out"' EXIT
for _ in $(seq 100); do grep -q listening "$out" && break; sleep 0.05; done
base=$(sed -n 's/^listening on //p' "$out")
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $("$bin" --version), server at $base"
echo "# serve ${SERVE_ARGS:-(defaults)}; load average $(cut -d' ' -f1-3 /proc/loadavg)"

for file in "$docx" "$pdf"; do
  [ -n "${FLOOD_ONLY:-}" ] && break
  posts=officer-gps
  [ "$file" = "$pdf" ] && posts=PASP0150
  # Warm up, then measure.
  wrk -t2 -c16 -d3s -s scripts/post-file.lua "$base" -- "$file" "$posts" >/dev/null
  echo
  echo "\$ wrk -t2 -c16 -d$duration --latency -s scripts/post-file.lua $base -- $file $posts"
  wrk -t2 -c16 -d"$duration" --latency -s scripts/post-file.lua "$base" -- "$file" "$posts"
done

# Resident memory of the server and its children (the PDF text workers), in KiB.
tree_rss() {
  local total=0 pid rss
  for pid in "$server" $(pgrep -P "$server" || true); do
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    total=$((total + ${rss:-0}))
  done
  echo "$total"
}

flood() {
  local label=$1
  shift
  local peak=0 rss sampler codes files=("$@")
  codes=$(mktemp)
  (
    for i in $(seq 0 63); do
      file=${files[$((i % ${#files[@]}))]}
      curl -s -o /dev/null -w '%{http_code}\n' --max-time 300 \
        -H 'Content-Type: application/octet-stream' --data-binary "@$file" \
        "$base/v1/check?post=PASP0150" &
    done
    wait
  ) >"$codes" &
  sampler=$!
  while kill -0 "$sampler" 2>/dev/null; do
    rss=$(tree_rss)
    [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 0.02
  done
  echo
  echo "64 concurrent uploads of $label: answers $(sort "$codes" | uniq -c | tr -s ' ' | tr '\n' ';')" \
    "peak RSS of server + workers $((peak / 1024)) MiB;" \
    "server's own peak (VmHWM) $(awk '/^VmHWM:/ {print int($2/1024)}' "/proc/$server/status") MiB"
  rm -f "$codes"
}

if [ -d "$corpus/hostile" ]; then
  flood "flate-bomb.pdf (6 MB, inflates past the worker's memory limit)" "$corpus/hostile/crafted/flate-bomb.pdf"
  flood "zip-bomb-4gib.docx (11 MB)" "$corpus/hostile/crafted/zip-bomb-4gib.docx"
  mapfile -t mix < <(find "$corpus/hostile" -type f | sort)
  flood "every file of the hostile corpus, in turn (${#mix[@]} files)" "${mix[@]}"
  mapfile -t pdfs < <(find "$corpus/hostile" -type f -name '*.pdf' | sort)
  beside=$(mktemp)
  wrk -t1 -c4 -d600s --timeout 30s --latency -s scripts/post-file.lua "$base" -- "$pdf" PASP0150 >"$beside" &
  normal=$!
  sleep 0.5
  flood "the hostile corpus's PDFs, in turn (${#pdfs[@]} files), beside wrk posting $pdf" "${pdfs[@]}"
  kill -INT "$normal" 2>/dev/null || true
  wait "$normal" || true
  echo "the normal PDF requests meanwhile (wrk -t1 -c4 --timeout 30s):"
  grep -E 'requests in|Requests/sec|99%|non-2xx|Socket errors' "$beside" || true
  rm -f "$beside"
else
  echo "no $corpus: hostile uploads not measured"
fi

echo
grep -c '"message":"checked"' "$log" | sed 's/^/requests logged: /'
