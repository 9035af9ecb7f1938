// The TypeScript declarations type-check the way users write code: `tsc --noEmit --strict`
// over tests/js/ts/*.ts, which import both builds (cxkit and cxkit-wasm) and call the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { rootDir } from './target.mjs';

const tsc = join(rootDir, 'node_modules/.bin/tsc');
const dir = join(rootDir, 'tests/js/ts');

test('the .d.ts files type-check TypeScript usage of both builds', () => {
  assert.ok(existsSync(tsc), 'typescript is missing: run scripts/setup.sh (npm ci)');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
  assert.ok(files.length > 0, 'no TypeScript files in tests/js/ts');
  try {
    execFileSync(tsc, ['--noEmit', '--strict', '--target', 'esnext', '--module', 'nodenext', '--skipLibCheck', 'false', ...files], {
      cwd: rootDir,
      encoding: 'utf8',
    });
  } catch (e) {
    assert.fail(`tsc reported errors:\n${e.stdout}${e.stderr}`);
  }
});
