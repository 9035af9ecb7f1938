// The module under test, picked by CX_TARGET the way lightningcss picks its build with
// TEST_WASM: `node` (default) is the napi addon cxkit, `wasm` is cxkit-wasm built for Node.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url);

/** Where each build's entry point lives, relative to the repository root. */
export const entries = {
  node: 'cx-node/index.js',
  wasm: 'cx-wasm/pkg-node/cx_wasm.js',
};

/** How to build each target when it is missing. */
const builders = {
  node: 'make build-node (cd cx-node && npx napi build --platform --release)',
  wasm: 'make build-wasm',
};

/** Loads one build by name. */
export function load(name) {
  const entry = entries[name];
  if (!entry) throw new Error(`CX_TARGET must be one of ${Object.keys(entries).join(', ')}, got ${name}`);
  const path = fileURLToPath(new URL(entry, root));
  if (!existsSync(path)) throw new Error(`${path} is missing: run ${builders[name]}`);
  return require(path);
}

/** The name of the build under test. */
export const target = process.env.CX_TARGET || 'node';

/** The build under test. */
export const cx = load(target);

/** The repository root as a path. */
export const rootDir = fileURLToPath(root);
