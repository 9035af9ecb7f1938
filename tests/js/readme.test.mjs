// The README's Node quick tour and its JS journeys tour, run against the build under test: `require('cxkit')` is
// pointed at the addon or at the wasm build for Node, and every logged value is checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { snippet, instrument, checker } from './readme.mjs';
import { entries, rootDir, target } from './target.mjs';

test(`README "### Node" runs against ${target}`, () => {
  const { code, checks } = instrument(snippet('Node'));
  assert.ok(checks >= 8, `only ${checks} checked lines`);
  const req = createRequire(import.meta.url);
  const require = (name) => (name === 'cxkit' ? req(join(rootDir, entries[target])) : req(name));
  const failures = [];
  new Function('require', '__check', code)(require, checker(failures));
  assert.deepEqual(failures, []);
});

/** `### ... in JavaScript` sections: the JS tours of each capability. */
const jsSections = [...readFileSync(join(rootDir, 'README.md'), 'utf8').matchAll(/^### (.+ in JavaScript)$/gm)].map((m) => m[1]);

for (const section of jsSections) {
  test(`README "### ${section}" runs against ${target}`, () => {
    const { code, checks } = instrument(snippet(section));
    assert.ok(checks >= 3, `only ${checks} checked lines`);
    const req = createRequire(import.meta.url);
    const require = (name) => (name === 'cxkit' ? req(join(rootDir, entries[target])) : req(name));
    const failures = [];
    new Function('require', '__check', code)(require, checker(failures));
    assert.deepEqual(failures, []);
  });
}

test('README has JS tours beyond the quick start', () => {
  assert.ok(jsSections.length >= 1, 'no "### ... in JavaScript" section');
});

test('README "### Browser" is checked in Chromium', () => {
  const { checks } = instrument(snippet('Browser'));
  assert.ok(checks >= 4, `only ${checks} checked lines`);
});
