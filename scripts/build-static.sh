#!/usr/bin/env bash
# The release binary as essaylint is shipped on Linux (deploy/Containerfile, the figures in
# docs/speed.md): statically linked and not position-independent.
#
#   scripts/build-static.sh        # prints the binary's path
#
# Why: a check is under a millisecond of work, so starting the process is most of a one-file run.
# The default build is a position-independent executable linked to libc, libm and libgcc_s: at
# every start the loader maps them and applies some 21,000 relocations, which touch the pages of
# every table that holds an address. Linked statically at a fixed address there is nothing to load
# or relocate (`essaylint --version` 1.8 ms to 1.1 ms here; a one-page .docx 3.8 to 3.0 ms; a PDF,
# whose worker is the same binary started again, 8.4 to 6.7 ms; hyperfine, 2026-11-22).
#
# The flags go in RUSTFLAGS with an explicit --target so that they reach essaylint and its
# libraries but not the proc-macros and build scripts cargo builds for the host, which must stay
# dynamic. For the same reason they are not in .cargo/config.toml: there they would apply to
# every build, host artifacts included, and fail. Needs glibc's static libraries (libc6-dev).
set -euo pipefail
cd "$(dirname "$0")/.."
host=$(rustc -vV | sed -n 's/^host: //p')
case "$host" in
  *-linux-gnu) ;;
  *) echo "static linking is set up for Linux with glibc; on $host use cargo build --profile release-lto" >&2; exit 2 ;;
esac
RUSTFLAGS="-C target-feature=+crt-static -C relocation-model=static" \
  cargo build --profile release-lto --locked --bin essaylint --target "$host" >&2
echo "target/$host/release-lto/essaylint"
