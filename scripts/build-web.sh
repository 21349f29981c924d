#!/usr/bin/env bash
# Builds the candidate's page into web/dist/: index.html, the scripts, and essaylint as
# WebAssembly (crates/wasm). Any static host can serve web/dist; so can `essaylint serve --web-root
# web/dist`.
#
# The tools are pinned: wasm-bindgen-cli at the version of the wasm-bindgen crate in Cargo.lock
# (installed with `cargo install --locked` when another version or none is on the PATH), and the
# node packages the browser tests use by web/package-lock.json (`npm ci`, in scripts/test-web.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$version" ] || { echo "build-web: no wasm-bindgen in Cargo.lock" >&2; exit 2; }

rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown ||
  rustup target add wasm32-unknown-unknown
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $version"; then
  echo "build-web: installing wasm-bindgen-cli $version" >&2
  # --locked first; the lockfile published with some versions pins a crate the registry has since
  # yanked (0.2.130's pins webpki-roots 1.0.11), and then cargo resolves afresh.
  cargo install --locked --quiet wasm-bindgen-cli --version "$version" 2>/dev/null ||
    cargo install --quiet wasm-bindgen-cli --version "$version"
fi

profile=${ESSAYLINT_WEB_PROFILE:-wasm-release}
cargo build --locked --quiet -p essaylint-wasm --profile "$profile" --target wasm32-unknown-unknown

dist=web/dist
rm -rf "$dist"
mkdir -p "$dist/pkg"
wasm-bindgen --target no-modules --no-typescript --out-dir "$dist/pkg" \
  "target/wasm32-unknown-unknown/$profile/essaylint_wasm.wasm"
# The worker is one script, the glue and then the worker's own code, so that the page can start
# every worker from one in-memory copy.
cat "$dist/pkg/essaylint_wasm.js" web/src/worker.js >"$dist/worker.js"
mv "$dist/pkg/essaylint_wasm_bg.wasm" "$dist/"
rm -rf "$dist/pkg"
cp web/index.html web/src/essaylint.js web/src/essaylint.d.ts web/src/app.js web/src/style.css "$dist/"
echo "build-web: $dist ($(du -sh "$dist" | cut -f1)): $(cd "$dist" && ls | tr '\n' ' ')"
