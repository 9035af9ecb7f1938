// Reads the declarations of a .d.ts file, so the test suite can check that the Node addon
// and the wasm package declare the same API. `node tests/js/dts.mjs` rewrites
// cx-wasm/src/types.d.ts from cx-node/index.d.ts (the napi generator is the source).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `export interface` blocks (with their doc comments) by name, in file order. */
export function interfaces(text) {
  const lines = text.split('\n');
  const out = new Map();
  for (let i = 0; i < lines.length; i++) {
    const m = /^export interface (\w+) \{$/.exec(lines[i]);
    if (!m) continue;
    let start = i;
    if (start > 0 && lines[start - 1].trim().endsWith('*/')) {
      while (start > 0 && !lines[start - 1].trimStart().startsWith('/**')) start--;
      start--;
    }
    let end = i;
    while (lines[end] !== '}') end++;
    out.set(m[1], lines.slice(start, end + 1).join('\n'));
  }
  return out;
}

/** Names of exported functions and classes. */
export function exportedNames(text) {
  return [...text.matchAll(/^export (?:declare )?(?:function|class) (\w+)/gm)].map((m) => m[1]).sort();
}

const HEADER = `// The result and option shapes of cxkit-wasm: the interfaces the Node addon \`cxkit\`
// declares in cx-node/index.d.ts. Regenerate with \`node tests/js/dts.mjs\`;
// tests/js/types.test.mjs fails when the two drift apart.
`;

/** The wasm crate's TypeScript section, made from the napi declarations: the interfaces
 * napi generates, not those of the shared header cx-js/api.d.ts (the wasm build includes
 * that file itself). */
export function wasmTypes(nodeDts, sharedDts = readFileSync(paths.sharedDts, 'utf8')) {
  const shared = interfaces(sharedDts);
  return HEADER + [...interfaces(nodeDts)].filter(([k]) => !shared.has(k)).map(([, b]) => `\n${b}\n`).join('');
}

const root = new URL('../../', import.meta.url);
export const paths = {
  nodeDts: fileURLToPath(new URL('cx-node/index.d.ts', root)),
  wasmTypes: fileURLToPath(new URL('cx-wasm/src/types.d.ts', root)),
  sharedDts: fileURLToPath(new URL('cx-js/api.d.ts', root)),
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(paths.wasmTypes, wasmTypes(readFileSync(paths.nodeDts, 'utf8')));
  console.log(`wrote ${paths.wasmTypes}`);
}
