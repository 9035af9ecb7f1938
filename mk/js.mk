# Node addon (cx-node → npm `cxkit`) and WebAssembly (cx-wasm → npm `cxkit-wasm`): build both,
# check the committed generated files, run the one JS suite against each build (the way
# lightningcss tests its native and wasm builds), the demo page in headless Chromium and the
# examples/node service. Included by the root Makefile.
TEST_TARGETS += test-js
.PHONY: build-node build-wasm lint-js test-js test-js-node test-js-wasm test-wasm-unit \
        test-browser test-example-node bench-js demo-web pack test-pack

# Debian's wasm-capable toolchain (see scripts/setup.d/30-wasm.sh): its own cargo and rustc
# first on PATH, std rebuilt for wasm32 with -Zbuild-std. Never build the workspace for wasm.
# The profile is size-first (opt-level "s"), except cx-core at opt-level 3 with wasm SIMD
# (Chrome 91, Firefox 89, Safari 16.4, Node 16.4 and later): that lets the NPS byte counter
# vectorize, 10M Uint8Array scores in ~1.6 ms instead of ~30 ms, for 1.5 KB more gzipped.
WASM_CARGO := env PATH=/usr/bin:/bin RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
  RUSTFLAGS="-C target-feature=+simd128" /usr/bin/cargo
WASM_TARGET := --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort \
  --config 'profile.wasm-release.package.cx-core.opt-level=3'
WASM_OUT := target/wasm32-unknown-unknown/wasm-release/cx_wasm.wasm
WASM_BINDGEN := $(HOME)/.cargo/bin/wasm-bindgen

# napi regenerates index.js and index.d.ts; they are committed, so a drift fails here.
build-node:
	cd cx-node && npx napi build --platform --release
	node scripts/gen_node_esm.mjs
	@git diff --exit-code --stat -- cx-node/index.d.ts cx-node/index.js cx-node/index.mjs || \
	  { echo "cx-node/index.d.ts, index.js or index.mjs differs from the generated one: run 'make build-node' and commit them"; exit 1; }

build-wasm:
	$(WASM_CARGO) build --quiet -p cx-wasm --profile wasm-release $(WASM_TARGET)
	$(WASM_BINDGEN) --weak-refs --remove-name-section --remove-producers-section --target web --out-dir cx-wasm/pkg $(WASM_OUT)
	$(WASM_BINDGEN) --weak-refs --remove-name-section --remove-producers-section --target nodejs --out-dir cx-wasm/pkg-node $(WASM_OUT)
	@echo "cxkit-wasm: $$(gzip -9c cx-wasm/pkg/cx_wasm_bg.wasm | wc -c) B wasm + $$(gzip -9c cx-wasm/pkg/cx_wasm.js | wc -c) B JS glue, gzipped"

# Host clippy of both binding crates (pedantic, as the workspace sets it).
lint-js:
	$(CARGO) clippy -p cx-js -p cx-node -p cx-wasm --all-targets --no-deps -- -D warnings

test-js-node: build-node
	CX_TARGET=node node --test tests/js/*.test.mjs

test-js-wasm: build-wasm
	CX_TARGET=wasm node --test tests/js/*.test.mjs

# cx-wasm/tests/browser.rs in headless Chromium; the release profile reuses build-wasm's std.
test-wasm-unit:
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=$(HOME)/.cargo/bin/wasm-bindgen-test-runner \
	CHROMEDRIVER=/usr/bin/chromedriver \
	  $(WASM_CARGO) test -p cx-wasm --profile wasm-release $(WASM_TARGET) -Zpanic-abort-tests --test browser

test-browser: build-wasm build-node
	node --test tests/js/browser/*.test.mjs

test-example-node: build-node
	node --test examples/node/*.test.mjs

# npm tarballs of both packages in dist/npm/ (gitignored). Each package is staged in
# target/npm-stage/ with the licenses (they live at the repository root) and the addon stripped;
# the web build gets a package.json saying its .js files are ES modules (wasm-bindgen writes none).
NPM_DIST := dist/npm
NPM_STAGE := target/npm-stage
pack: build-node build-wasm
	rm -rf $(NPM_STAGE) $(NPM_DIST)
	mkdir -p $(NPM_STAGE)/cxkit $(NPM_STAGE)/cxkit-wasm $(NPM_DIST)
	cp cx-node/package.json cx-node/README.md cx-node/index.js cx-node/index.d.ts cx-node/index.mjs \
	  cx-node/index.d.mts cx-node/cx-node.linux-x64-gnu.node LICENSE-MIT LICENSE-APACHE $(NPM_STAGE)/cxkit/
	cp -r cx-wasm/package.json cx-wasm/README.md cx-wasm/pkg cx-wasm/pkg-node LICENSE-MIT LICENSE-APACHE \
	  $(NPM_STAGE)/cxkit-wasm/
	@# The symbol table is for debuggers, not users: about 600 KB of the 3.4 MB addon.
	strip --strip-unneeded $(NPM_STAGE)/cxkit/cx-node.linux-x64-gnu.node
	echo '{ "type": "module" }' > $(NPM_STAGE)/cxkit-wasm/pkg/package.json
	cd $(NPM_STAGE)/cxkit && npm pack --silent --pack-destination $(abspath $(NPM_DIST)) >/dev/null
	cd $(NPM_STAGE)/cxkit-wasm && npm pack --silent --pack-destination $(abspath $(NPM_DIST)) >/dev/null
	@ls -l $(NPM_DIST)

# Installs the tarballs offline into an empty project, type-checks TypeScript that imports
# them by name and runs them with node (tests/js/pack/).
test-pack: pack
	node --test tests/js/pack/*.test.mjs

test-js: lint-js build-node build-wasm
	@for t in test-js-node test-js-wasm test-wasm-unit test-browser test-example-node test-pack; do \
	  $(MAKE) --no-print-directory $$t || exit 1; done

# nps on 10M scores: native addon vs wasm (Node), arrays, Float64Array and Uint8Array.
bench-js: build-node build-wasm
	node tests/js/bench.mjs

# The demo page on http://127.0.0.1:8080/www/
demo-web: build-wasm
	node cx-wasm/www/serve.mjs
