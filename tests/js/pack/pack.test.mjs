// The npm tarballs as a user gets them: `make pack` writes dist/npm/cxkit-VERSION.tgz and
// cxkit-wasm-VERSION.tgz; this installs both into an empty project without the network, checks
// what each package holds, type-checks TypeScript that imports them by name
// (`tsc --noEmit --strict`, the root's typescript) and runs check.mjs / check.cjs with node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '../../..');
const tsc = join(root, 'node_modules/.bin/tsc');
const version = (dir) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).version;
const tarballs = {
  cxkit: join(root, `dist/npm/cxkit-${version('cx-node')}.tgz`),
  'cxkit-wasm': join(root, `dist/npm/cxkit-wasm-${version('cx-wasm')}.tgz`),
};

let project;

function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { cwd: project, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`${[cmd, ...args].join(' ')} failed:\n${e.stdout}${e.stderr}`);
  }
}

/** Every file under `dir`, relative, sorted. */
function files(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath ?? d.path, d.name).slice(dir.length + 1))
    .sort();
}

before(() => {
  for (const [name, path] of Object.entries(tarballs)) assert.ok(existsSync(path), `${name}: ${path} is missing: run make pack`);
  project = mkdtempSync(join(tmpdir(), 'cxkit-pack-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-smoke', private: true, type: 'module' }));
  for (const f of ['check.mjs', 'check.cjs', 'usage.mts', 'usage.cts', 'web.ts']) copyFileSync(join(here, f), join(project, f));
  // --offline with an empty cache and an unreachable registry: anything fetched would fail.
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error',
    '--cache', join(project, '.npm-cache'), '--registry', 'http://127.0.0.1:9/', ...Object.values(tarballs)]);
});

after(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

test('each tarball holds its entry points, types, binaries and licenses, nothing else', () => {
  const common = ['LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'package.json'];
  assert.deepEqual(files(join(project, 'node_modules/cxkit')),
    [...common, 'cx-node.linux-x64-gnu.node', 'index.d.mts', 'index.d.ts', 'index.js', 'index.mjs'].sort());
  const build = ['cx_wasm.d.ts', 'cx_wasm.js', 'cx_wasm_bg.wasm', 'cx_wasm_bg.wasm.d.ts'];
  assert.deepEqual(files(join(project, 'node_modules/cxkit-wasm')),
    [...common, 'pkg/package.json', ...build.map((f) => `pkg/${f}`), ...build.map((f) => `pkg-node/${f}`)].sort());
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
  assert.deepEqual(Object.keys(lock.packages).sort(), ['', 'node_modules/cxkit', 'node_modules/cxkit-wasm'], 'no dependencies installed');
  for (const name of Object.keys(tarballs)) {
    const meta = JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8'));
    for (const key of ['description', 'license', 'repository', 'keywords', 'engines', 'files', 'exports']) assert.ok(meta[key], `${name}: ${key}`);
  }
});

test('TypeScript that imports the packages by name type-checks with --strict', () => {
  assert.ok(existsSync(tsc), 'typescript is missing: run scripts/setup.sh (npm ci)');
  const common = ['--noEmit', '--strict', '--skipLibCheck', 'false', '--target', 'es2022', '--lib', 'es2022,esnext.disposable,dom'];
  // As Node resolves them (cxkit-wasm's `node` condition, cxkit's `import` and `require`) ...
  run(tsc, [...common, '--module', 'nodenext', 'usage.mts', 'usage.cts']);
  // ... and as a bundler does (cxkit-wasm's `import` condition: the web build with init()).
  run(tsc, [...common, '--module', 'esnext', '--moduleResolution', 'bundler', 'web.ts']);
});

test('node imports and requires the installed packages by name and gets the right numbers', () => {
  assert.match(run(process.execPath, ['check.mjs', join(root, 'examples/data/CDNOW_sample.txt')]), /check\.mjs: ok/);
  assert.match(run(process.execPath, ['check.cjs']), /check\.cjs: ok/);
});
