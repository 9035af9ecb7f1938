# WebAssembly (cx-wasm): rustup cannot add the wasm32 target here, so the build uses Debian's
# wasm-capable Rust (rustc-web, with its std sources for -Zbuild-std, and rust-lld from
# rust-web-llvm) plus wasm-bindgen-cli matching the crate's pinned wasm-bindgen.
# Sourced by scripts/setup.sh (which provides need_cmd and apt_need); quick when all is there.
apt_need rustc-web cargo-web rust-web-src rust-web-llvm
if [ ! -e /usr/bin/rust-lld ]; then
  # /usr/bin/rust-lld links to lld-NN, NN being the LLVM that rust-web-llvm is built on.
  lld_nn=$(apt-cache depends rust-web-llvm | sed -n 's/.*Depends: llvm-\([0-9]\+\)$/\1/p' | head -n 1)
  apt_need "lld-${lld_nn:?cannot tell which llvm rust-web-llvm uses}"
  unset lld_nn
fi
wasm_bindgen_version=0.2.130 # keep equal to `wasm-bindgen = "=..."` in the root Cargo.toml
if [ "$("$HOME/.cargo/bin/wasm-bindgen" --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]; then
  echo "setup: cargo install wasm-bindgen-cli $wasm_bindgen_version (about 2 minutes)"
  # Not --locked: its lockfile pins a crate version the reachable registry lacks.
  cargo install --quiet wasm-bindgen-cli --version "$wasm_bindgen_version"
fi
unset wasm_bindgen_version
