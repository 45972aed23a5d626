#!/usr/bin/env bash
# Build the trainer's page from source: one self-contained HTML file that runs polder's model in
# the browser (WebAssembly), offline.
#
#   scripts/build-app.sh [OUT.html]      # default: polder.html in the current directory
#
# Compiles the library (without the command line's dependencies) to wasm32-unknown-unknown with
# the `web` profile, builds the polder binary, and runs `polder app`, which inlines the
# WebAssembly into the page as base64. Needs the wasm32-unknown-unknown target, which this
# script adds with rustup where it is missing.
set -euo pipefail
out="$(realpath -m "${1:-polder.html}")"
cd "$(dirname "$0")/.."
if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
cargo rustc --quiet --lib --profile web --target wasm32-unknown-unknown --no-default-features --crate-type cdylib
cargo build --quiet --release --bin polder
target/release/polder app --wasm target/wasm32-unknown-unknown/web/polder.wasm -o "$out"
