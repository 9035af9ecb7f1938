// Every ```js block of the docs site (docs/*.md) runs against the build under test, the way
// readme.test.mjs runs the README's: `console.log(x); // expected` lines become checks.
// CommonJS blocks (`require('cxkit')`) run against both builds; blocks that import
// `cxkit-wasm` as an ES module run in the wasm run only, with its Node build (no `init()` needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { instrument, checker } from './readme.mjs';
import { entries, rootDir, target } from './target.mjs';

const docsDir = join(rootDir, 'docs');
const pages = readdirSync(docsDir).filter((f) => f.endsWith('.md')).sort();
const req = createRequire(import.meta.url);

/** `import a, { b, c } from 'cxkit-wasm';` → a `require` of the Node build, `a` a no-op init. */
function esmToRequire(code) {
  return code.replace(
    /^import\s+(\w+)\s*,\s*\{([^}]*)\}\s*from\s*'cxkit-wasm';$/m,
    (_, init, names) => `const {${names}} = require('cxkit-wasm'); const ${init} = async () => {};`,
  );
}

const blocks = pages.flatMap((page) =>
  [...readFileSync(join(docsDir, page), 'utf8').matchAll(/```js\n([^]*?)```/g)].map((m, i) => ({
    page,
    i,
    code: m[1],
  })),
);

test('the docs pages have JS examples', () => {
  const withJs = new Set(blocks.map((b) => b.page));
  for (const page of ['getting-started.md', 'surveys.md', 'retention.md', 'clv.md', 'journeys.md']) {
    assert.ok(withJs.has(page), `docs/${page} has no js block`);
  }
});

for (const { page, i, code } of blocks) {
  const esm = /from 'cxkit-wasm'/.test(code);
  test(`docs/${page} js #${i} runs against ${esm ? 'wasm' : target}`, { skip: esm && target !== 'wasm' }, async () => {
    const { code: checked, checks } = instrument(esm ? esmToRequire(code) : code);
    assert.ok(checks >= 1, `docs/${page} js #${i} has no checked console.log line`);
    assert.ok(!/^\s*import\s/m.test(checked), `docs/${page} js #${i}: only cxkit-wasm imports can be run`);
    const require = (name) => {
      if (name === 'cxkit') return req(join(rootDir, entries[target]));
      if (name === 'cxkit-wasm') return req(join(rootDir, entries.wasm));
      return req(name);
    };
    const failures = [];
    const AsyncFunction = (async () => {}).constructor;
    await new AsyncFunction('require', '__check', checked)(require, checker(failures));
    assert.deepEqual(failures, []);
  });
}
