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

# One part alone, from every .docx that has it: document.xml for docx_xml (and, with the essays'
# text, for counting), styles.xml for docx_styles (Word's are 350 KB: -max_len allows them).
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
extract() { # extract PART FOLDER: each .docx's PART into FOLDER, named by the .docx's hash
  mkdir -p "$2"
  for f in "${docx[@]}"; do
    local out="$2/$(sha1sum "$f" | cut -c1-40).xml"
    unzip -p "$f" "$1" > "$out" 2>/dev/null || rm -f "$out"
    [ -s "$out" ] || rm -f "$out"
  done
}
extract word/document.xml "$tmp/document"
extract word/styles.xml "$tmp/styles"
add docx_xml "$tmp"/document/*.xml
add docx_styles "$tmp"/styles/*.xml
add count "$shared"/essays/text/* "$repo"/fixtures/real/essay.txt "$tmp"/document/*.xml

for t in "$here"/corpus/*; do echo "$(basename "$t"): $(ls "$t" | wc -l) seeds"; done
