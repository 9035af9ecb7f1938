// The example service, started on a free port of 127.0.0.1 and called with fetch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

import { start } from './server.mjs';

const cx = createRequire(import.meta.url)('../../cx-node/index.js');
let server;
let url;

before(async () => ({ server, url } = await start(0)));
after(() => server.close());

const post = async (body, raw = false) => {
  const res = await fetch(`${url}/metrics`, { method: 'POST', body: raw ? body : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
};

test('GET /health', async () => {
  const res = await fetch(`${url}/health`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { ok: true });
});

test('metrics from answer arrays, with options', async () => {
  const { status, json } = await post({
    nps: [10, 9, 8, 3],
    csat: [5, 4, 3, 5],
    ces: [7, 6, 5, 2],
    options: { nps: { method: 'adjusted_wald', level: 0.9 }, csat: { topBox: 1 } },
  });
  assert.equal(status, 200);
  assert.deepEqual(json.nps, cx.nps([10, 9, 8, 3], { method: 'adjusted_wald', level: 0.9 }));
  assert.deepEqual(json.csat, cx.csat([5, 4, 3, 5], { topBox: 1 }));
  assert.deepEqual(json.ces, cx.ces([7, 6, 5, 2]));
  assert.equal(json.nps.score, 25);
  assert.equal(json.csat.score, 50);
});

test('metrics from a list of responses', async () => {
  const responses = [
    { kind: 'nps', score: 10 }, { kind: 'csat', score: 4 }, { kind: 'nps', score: 3 },
    { kind: 'csat', score: 2 }, { kind: 'nps', score: 9 },
  ];
  const { status, json } = await post({ responses });
  assert.equal(status, 200);
  assert.deepEqual(Object.keys(json).sort(), ['csat', 'nps']);
  assert.deepEqual(json.nps, cx.nps([10, 3, 9]));
  assert.equal(json.csat.score, 50);
});

test('bad answers are a 400 with the cx error', async () => {
  const { status, json } = await post({ nps: [9, 11] });
  assert.equal(status, 400);
  assert.deepEqual(json.error, {
    code: 'CX_INVALID_INPUT',
    field: 'scores',
    index: 1,
    message: 'invalid input `scores` at index 1 (value 11): an NPS score must be a whole number from 0 to 10',
  });
  assert.equal((await post({ nps: [9], options: { nps: { level: 2 } } })).json.error.field, 'level');
  assert.equal((await post({ ces: [4] })).json.error.code, 'CX_EMPTY');
  assert.equal((await post({ csat: 'lots' })).json.error.code, 'CX_INVALID_INPUT');
  assert.equal((await post({ responses: [{ kind: 'xyz', score: 1 }] })).json.error.index, 0);
  assert.equal((await post({})).status, 400);
  assert.equal((await post([1, 2])).status, 400);
  const notJson = await post('{"nps": [9', true);
  assert.equal(notJson.status, 400);
  assert.equal(notJson.json.error.code, 'CX_PARSE');
});

test('unknown routes and methods', async () => {
  assert.equal((await fetch(`${url}/nope`)).status, 404);
  assert.equal((await fetch(`${url}/metrics`)).status, 405);
});

test('the service keeps answering after errors', async () => {
  for (let i = 0; i < 20; i++) await post({ nps: [i % 2 ? 99 : 9] });
  const { status, json } = await post({ nps: new Array(10000).fill(10) });
  assert.equal(status, 200);
  assert.equal(json.nps.score, 100);
});
