// The demo page in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
// it loads the wasm package offline, shows the NPS and interval for typed answers, reads a
// CSV of survey responses, shows a funnel and attribution table for an event CSV on the
// journeys tab, runs the README's browser snippet, and leaves screenshots in
// test-output/browser/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { start } from '../../../cx-wasm/www/serve.mjs';
import { snippet, instrument } from '../readme.mjs';
import { load, rootDir } from '../target.mjs';
import { parseEvents, conversionPaths, MODELS } from '../../../cx-wasm/www/journeys.js';

const native = load('node'); // the reference numbers come from the Node addon
const outDir = join(rootDir, 'test-output/browser');
const csvPath = join(rootDir, 'examples/data/survey_responses.csv');
const eventsPath = join(rootDir, 'examples/data/touchpoints.csv');
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

/** The text of every cell of a table section, row by row. */
const cells = (selector) => page.$$eval(`${selector} tr`, (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));

test('journeys tab: an uploaded event CSV gives the funnel and attribution the Node build computes', async () => {
  await page.click('#tab-journeys');
  assert.equal(await page.isVisible('#journeys'), true);
  assert.equal(await page.isVisible('#surveys'), false);

  await page.setInputFiles('#events-file', eventsPath);
  await page.waitForFunction(() => document.querySelector('#journey-status').textContent.startsWith('touchpoints.csv:'));
  const data = parseEvents(readFileSync(eventsPath, 'utf8'));
  assert.equal(await page.textContent('#journey-status'),
    `touchpoints.csv: ${data.rows} events, ${data.customers} customers, ${data.events.length} event names`);

  const steps = ['visit', 'signup', 'purchase'];
  await page.selectOption('#step-1', 'visit');
  await page.selectOption('#step-2', 'signup');
  await page.selectOption('#step-3', 'purchase');
  await page.selectOption('#step-4', '');
  await page.selectOption('#window', '30d');
  const want = native.funnel(data.table, steps, { window: '30d', order: 'ordered' });
  const pct = (x) => (x == null ? '—' : `${fmt(100 * x)}%`);
  const shown = await cells('#funnel-table tbody');
  assert.deepEqual(shown.map((r) => r.slice(0, 4)),
    want.steps.map((s) => [s.step, String(s.converted), pct(s.conversionFromFirst), pct(s.conversionFromPrevious)]));
  assert.ok(want.steps[2].converted > 0 && want.steps[2].converted < want.steps[0].converted, 'a real funnel');
  assert.notEqual(shown[1][4], '—', 'median time to sign up is shown');
  const widths = await page.$$eval('#funnel-chart rect.bar', (rs) => rs.map((r) => Number(r.getAttribute('width'))));
  assert.equal(widths.length, 3);
  assert.ok(widths[0] >= widths[1] && widths[1] >= widths[2] && widths[2] > 0, `bar widths ${widths}`);

  // Attribution of the purchases by each model, from the same paths in the Node addon.
  const paths = conversionPaths(data.table, 'purchase');
  const results = MODELS.map(([model]) => native.attribution(paths.paths, paths.conversions, { model, nulls: paths.nulls }));
  const head = await cells('#attribution-table thead');
  assert.deepEqual(head, [['Channel', ...MODELS.map(([, label]) => label)]]);
  const body = await cells('#attribution-table tbody');
  const channels = Object.keys(results[0].credits);
  assert.deepEqual(channels, ['chat', 'email', 'phone', 'store', 'web']);
  assert.deepEqual(body, [
    ...channels.map((c) => [c, ...results.map((r) => fmt(r.credits[c]))]),
    ['total', ...results.map((r) => fmt(r.totalConversions))],
  ]);
  assert.equal(results[0].totalConversions, paths.conversions.reduce((a, b) => a + b, 0));
  assert.ok(results[0].totalConversions > 100, 'hundreds of purchases credited');

  // Another order mode recomputes in place.
  await page.selectOption('#order', 'strict');
  const strict = native.funnel(data.table, steps, { window: '30d', order: 'strict' });
  assert.deepEqual((await cells('#funnel-table tbody')).map((r) => r[1]), strict.steps.map((s) => String(s.converted)));
  await page.selectOption('#order', 'ordered');
  await page.screenshot({ path: join(outDir, 'journeys.png'), fullPage: true });

  // The sample button loads the same file from the local server, with default steps.
  await page.click('#sample-events');
  await page.waitForFunction(() => document.querySelector('#step-4').value === 'purchase');
  const defaults = ['visit', 'signup', 'add_to_cart', 'purchase'];
  const four = native.funnel(data.table, defaults, { window: '30d' });
  assert.deepEqual((await cells('#funnel-table tbody')).map((r) => [r[0], r[1]]), four.steps.map((s) => [s.step, String(s.converted)]));
  assert.equal(await page.textContent('#funnel-error'), '');
  assert.equal(await page.textContent('#attribution-error'), '');

  // A broken time names the row, and the page keeps working.
  const bad = 'customer_id,timestamp,event,channel\nc1,2024-01-01,visit,web\nc1,someday,purchase,web\n';
  await page.setInputFiles('#events-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.waitForFunction(() => document.querySelector('#journey-status').textContent.startsWith('bad.csv'));
  assert.match(await page.textContent('#funnel-error'), /^CX_INVALID_INPUT: invalid input `events.timestamp` at index 1 /);
  await page.click('#tab-surveys');
  assert.equal(await page.isVisible('#nps-card'), true);
});

test('the feedback tab scores pasted comments live', async () => {
  await page.click('#tab-feedback');
  assert.equal(await page.isVisible('#feedback-input'), true);
  const comments = [
    'The book was good.',
    'Late delivery, box damaged.',
    'VADER is not smart, handsome, nor funny.',
    'Picked up my order on Tuesday',
  ];
  await page.fill('#feedback-input', comments.join('\n'));
  await page.waitForFunction(() => document.querySelectorAll('#feedback-table tbody tr').length === 4);
  const want = native.sentiment(comments);
  assert.equal(want[0].compound.toFixed(4), '0.4404'); // VADER README
  assert.deepEqual(await cells('#feedback-table tbody'),
    comments.map((c, i) => [c, fmt(want[i].compound, 3), want[i].label]));
  assert.equal(await page.textContent('#feedback-summary'), '4 comments, 2 negative (50.0%)');
  const themes = native.feedbackThemes(comments, { top: 5 }).themes;
  assert.equal(await page.textContent('#feedback-themes'),
    `Negative themes: ${themes.map((t) => `${t.term} (${t.comments})`).join(', ')}`);
  // Typing recomputes: one more negative line.
  await page.fill('#feedback-input', [...comments, 'Terrible, awful service!'].join('\n'));
  await page.waitForFunction(() => document.querySelectorAll('#feedback-table tbody tr').length === 5);
  assert.equal(await page.textContent('#feedback-summary'), '5 comments, 3 negative (60.0%)');
  await page.screenshot({ path: join(outDir, 'feedback.png'), fullPage: true });
  await page.click('#tab-surveys');
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
