# Node addon (cx-node) and the JS test tooling: Node with npm, the napi CLI (cx-node's
# devDependencies) and playwright-core (root package.json), Debian's Chromium (and its driver)
# for the page test and the wasm unit tests.
# Sourced by scripts/setup.sh (which provides need_cmd and apt_need); quick when all is there.
need_cmd node && need_cmd npm || apt_need nodejs npm
apt_need chromium chromium-driver
if [ ! -x cx-node/node_modules/.bin/napi ]; then
  echo "setup: npm ci (cx-node: @napi-rs/cli)"
  (cd cx-node && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -d node_modules/playwright-core ] || [ ! -x node_modules/.bin/tsc ]; then
  echo "setup: npm ci (playwright-core, typescript)"
  npm ci --no-audit --no-fund --loglevel=error
fi
