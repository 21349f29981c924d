#!/usr/bin/env bash
# A single PDF check as a whole process against pdftotext reading the same file, for each PDF given
# (by default the shared corpus's essays): hyperfine, no shell, one command after the other,
# then the ratio of their medians. Usage:
#
#   scripts/pdf-vs-pdftotext.sh [BINARY] [PDF...]
#
# BINARY defaults to target/release/essaylint. Prints one line per file and the median ratio; the
# raw figures are left in $OUT (default /tmp/pdf-vs-pdftotext).
set -euo pipefail

binary=${1:-target/release/essaylint}
shift || true
if [ "$#" -eq 0 ]; then
    set -- ../shared/corpus/essays/*.pdf
fi
out=${OUT:-/tmp/pdf-vs-pdftotext}
runs=${RUNS:-60}
mkdir -p "$out"

ratios=()
for pdf in "$@"; do
    name=$(basename "$pdf" .pdf)
    hyperfine -N --ignore-failure --warmup 10 --runs "$runs" --style none \
        --export-json "$out/$name.json" \
        "$binary check --post PASP0150 $pdf" \
        "pdftotext $pdf /dev/null" >/dev/null 2>&1 || true
    line=$(python3 - "$out/$name.json" "$name" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
essaylint, pdftotext = (r["median"] * 1000 for r in results)
print(f"{sys.argv[2]:45} essaylint {essaylint:6.2f} ms  pdftotext {pdftotext:6.2f} ms  ratio {pdftotext / essaylint:5.2f}")
EOF
)
    echo "$line"
    ratios+=("$(echo "$line" | awk '{print $NF}')")
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "files %d, median ratio %.2f, lowest %.2f, highest %.2f\n", NR, m, a[1], a[NR]}'
