// The demo page in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
// it loads the wasm package offline, shows the NPS and interval for typed answers, reads a
// CSV of survey responses, runs the README's browser snippet, and leaves a screenshot in
// test-output/browser/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { start } from '../../../cx-wasm/www/serve.mjs';
import { snippet, instrument } from '../readme.mjs';
import { load, rootDir } from '../target.mjs';

const native = load('node'); // the reference numbers come from the Node addon
const outDir = join(rootDir, 'test-output/browser');
const csvPath = join(rootDir, 'examples/data/survey_responses.csv');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

let server;
let base;
let browser;
let page;
const requests = [];
const problems = [];

/** How the page prints a number: one decimal, a real minus sign. */
const fmt = (x, digits = 1) => x.toFixed(digits).replace('-', '−');

before(async () => {
  mkdirSync(outDir, { recursive: true });
  ({ server, url: base } = await start(0));
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1200, height: 820 } });
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  await page.goto(`${base}/www/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the page loads the wasm package from 127.0.0.1 only', async () => {
  assert.match(await page.textContent('#status'), /^ready/);
  const outside = requests.filter((u) => !u.startsWith(`${base}/`) && !u.startsWith('data:'));
  assert.deepEqual(outside, [], 'no request leaves the local server (works offline)');
  assert.ok(requests.some((u) => u.endsWith('/pkg/cx_wasm_bg.wasm')));
});

test('typed answers show the NPS and its interval', async () => {
  await page.fill('#nps-input', '10 9 8 3');
  const want = native.nps([10, 9, 8, 3]);
  await page.waitForFunction(() => document.querySelector('#nps-score').textContent !== '—');
  assert.equal(await page.textContent('#nps-score'), fmt(want.score));
  assert.equal(await page.textContent('#nps-ci'), `95% CI ${fmt(want.ci[0])} to ${fmt(want.ci[1])}`);
  assert.equal(await page.textContent('#nps-ci'), '95% CI −56.3 to 100.0');

  await page.selectOption('#method', 'adjusted_wald');
  await page.selectOption('#level', '0.9');
  const adj = native.nps([10, 9, 8, 3], { method: 'adjusted_wald', level: 0.9 });
  assert.equal(await page.textContent('#nps-ci'), `90% CI ${fmt(adj.ci[0])} to ${fmt(adj.ci[1])}`);
  assert.equal(await page.locator('#nps-chart rect.bar').count(), 11);
  await page.selectOption('#method', 'wald');
  await page.selectOption('#level', '0.95');
});

test('bad answers show the error, and the page keeps working', async () => {
  await page.fill('#nps-input', '9 11');
  assert.equal(await page.textContent('#nps-score'), '—');
  const err = await page.textContent('#nps-error');
  assert.match(err, /^CX_INVALID_INPUT: invalid input `scores` at index 1 \(value 11\)/);
  await page.fill('#nps-input', '10 10 0');
  assert.equal(await page.textContent('#nps-score'), fmt(native.nps([10, 10, 0]).score));
  assert.equal(await page.textContent('#nps-error'), '');
});

test('a CSV of survey responses fills all three metrics', async () => {
  const rows = readFileSync(csvPath, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const of = (kind) => rows.filter((r) => r[2] === kind).map((r) => Number(r[3]));
  const [n, c, e] = [native.nps(of('nps')), native.csat(of('csat')), native.ces(of('ces'))];

  await page.setInputFiles('#csv-file', csvPath);
  await page.waitForFunction((want) => document.querySelector('#status').textContent.includes(want), `${of('nps').length} NPS`);
  assert.equal(await page.textContent('#status'), `survey_responses.csv: ${n.n} NPS, ${c.n} CSAT, ${e.n} CES answers`);
  assert.equal(await page.textContent('#nps-score'), fmt(n.score));
  assert.equal(await page.textContent('#nps-ci'), `95% CI ${fmt(n.ci[0])} to ${fmt(n.ci[1])}`);
  assert.equal(await page.textContent('#csat-score'), `${fmt(c.score)}%`);
  assert.equal(await page.textContent('#csat-ci'), `95% CI ${fmt(c.ci[0])}% to ${fmt(c.ci[1])}% (Wilson)`);
  assert.equal(await page.textContent('#ces-score'), fmt(e.mean, 2));
  assert.equal(await page.textContent('#ces-ci'), `95% CI ${fmt(e.ci[0], 2)} to ${fmt(e.ci[1], 2)} (t)`);
  for (const [id, bars] of [['nps', 11], ['csat', 5], ['ces', 7]]) {
    assert.equal(await page.locator(`#${id}-chart rect.bar`).count(), bars, `${id} chart bars`);
  }
  // The tallest NPS bar is the most frequent answer.
  const heights = await page.$$eval('#nps-chart rect.bar', (rs) => rs.map((r) => Number(r.getAttribute('height'))));
  const counts = Array.from({ length: 11 }, (_, s) => of('nps').filter((x) => x === s).length);
  assert.equal(heights.indexOf(Math.max(...heights)), counts.indexOf(Math.max(...counts)));

  await page.screenshot({ path: join(outDir, 'demo.png'), fullPage: true });
});

test('README "### Browser" snippet runs in the page', async () => {
  const { code, checks } = instrument(snippet('Browser'));
  const module = code.replace(`from 'cxkit-wasm'`, `from '${base}/pkg/cx_wasm.js'`);
  const result = await page.evaluate(async (src) => {
    const failures = [];
    window.__check = (values, expected, source) => {
      const got = values.map((v) => JSON.stringify(v)).join(' ');
      if (got !== expected) failures.push(`${source}: expected ${expected}, got ${got}`);
    };
    const url = URL.createObjectURL(new Blob([`const __check = window.__check;\n${src}`], { type: 'text/javascript' }));
    await import(url);
    return failures;
  }, module);
  assert.ok(checks >= 4);
  assert.deepEqual(result, []);
});

test('no page errors', () => {
  assert.deepEqual(problems, []);
});
