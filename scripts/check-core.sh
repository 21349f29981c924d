#!/usr/bin/env bash
# The core stays pure: it builds for wasm32-unknown-unknown, and its dependency tree for that
# target holds none of the crates that only a native shell may use (an async runtime, an HTTP
# stack, C code, a thread pool, a terminal, temporary files).
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown ||
  rustup target add wasm32-unknown-unknown
cargo build --locked -p essaylint-core --target wasm32-unknown-unknown

banned=(tokio axum hyper libdeflater libdeflate-sys mimalloc libmimalloc-sys tempfile indicatif clap rayon cc)
tree=$(cargo tree --locked -p essaylint-core --target wasm32-unknown-unknown --prefix none --format '{p}' |
  sed 's/ .*//' | sort -u)
found=0
for crate in "${banned[@]}"; do
  if grep -qx "$crate" <<<"$tree"; then
    echo "essaylint-core for wasm32 depends on $crate:" >&2
    cargo tree --locked -p essaylint-core --target wasm32-unknown-unknown -i "$crate" >&2 || true
    found=1
  fi
done
[ "$found" -eq 0 ] || exit 1
echo "essaylint-core builds for wasm32-unknown-unknown; its $(wc -l <<<"$tree") crates include none of: ${banned[*]}"
