#!/usr/bin/env bash
# Seeds each fuzz target's corpus (fuzz/corpus/TARGET, not committed) from ../shared/corpus and the
# repository's fixtures. Run from anywhere; re-running adds nothing twice (files are named by hash).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
shared="${ESSAYLINT_CORPUS:-$repo/../shared/corpus}"

add() { # add TARGET FILE...: copy each file under its SHA-1, as libFuzzer names corpus entries
  local target="$1"; shift
  mkdir -p "$here/corpus/$target"
  for f in "$@"; do
    [ -f "$f" ] || continue
    # libFuzzer's -max_len is set per run; skip the large files that would only slow it down.
    [ "$(stat -c %s "$f")" -le 1048576 ] || continue
    cp "$f" "$here/corpus/$target/$(sha1sum "$f" | cut -c1-40)"
  done
}

mapfile -t docx < <(find "$repo/fixtures" "$shared" -type f \( -name '*.docx' -o -name '*.docm' -o -name '*.dotx' \) 2>/dev/null | sort)
mapfile -t pdf < <(find "$repo/fixtures" "$shared" -type f -name '*.pdf' 2>/dev/null | sort)
mapfile -t other < <(find "$repo/fixtures" "$shared/other" "$shared/hostile" -type f ! -name '*.docx' ! -name '*.pdf' 2>/dev/null | sort)
mapfile -t findings < <(find "$repo/fixtures/hostile/fuzz" -type f 2>/dev/null | sort)

add sniff "${docx[@]}" "${pdf[@]}" "${other[@]}" "${findings[@]}"
add check "${docx[@]}" "${pdf[@]}" "${other[@]}" "${findings[@]}"
add docx "${docx[@]}" "${findings[@]}"
add pdf_structure "${pdf[@]}" "${findings[@]}"
add pdf_worker "${pdf[@]}"

# document.xml alone, from every .docx that has one, and the essays' text for counting.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for f in "${docx[@]}"; do
  out="$tmp/$(sha1sum "$f" | cut -c1-40).xml"
  unzip -p "$f" word/document.xml > "$out" 2>/dev/null || rm -f "$out"
  [ -s "$out" ] || rm -f "$out"
done
add docx_xml "$tmp"/*.xml

# styles.xml alone, from every .docx that has one (Word's are 350 KB: -max_len allows them).
styles="$(mktemp -d)"
trap 'rm -rf "$tmp" "$styles"' EXIT
for f in "${docx[@]}"; do
  out="$styles/$(sha1sum "$f" | cut -c1-40).xml"
  unzip -p "$f" word/styles.xml > "$out" 2>/dev/null || rm -f "$out"
  [ -s "$out" ] || rm -f "$out"
done
add docx_styles "$styles"/*.xml
add count "$shared"/essays/text/* "$repo"/fixtures/real/essay.txt "$tmp"/*.xml

for t in "$here"/corpus/*; do echo "$(basename "$t"): $(ls "$t" | wc -l) seeds"; done
