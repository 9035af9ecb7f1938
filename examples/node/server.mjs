// A minimal survey-metrics service on node:http and the cxkit addon.
//
//   node examples/node/server.mjs [port]          (default 8787, bound to 127.0.0.1)
//   curl -s localhost:8787/metrics -d '{"nps": [10, 9, 8, 3], "csat": [5, 4, 3, 5]}'
//
// POST /metrics takes JSON with any of `nps`, `csat`, `ces` (arrays of answers) or
// `responses` ([{kind: "nps" | "csat" | "ces", score}]), plus optional `options`
// ({nps: {level, method, weights}, csat: {scale, topBox, level}, ces: {scale, level, lowIsEasy}}),
// and answers with each metric and its interval. Bad input is a 400 carrying cx's error
// code, field, index and message. GET /health answers {"ok": true}.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// Inside this repository the addon is built in cx-node/; installed from npm it is `cxkit`.
const cx = require('../../cx-node/index.js');

const MAX_BODY = 16 * 1024 * 1024;
const KINDS = ['nps', 'csat', 'ces'];

class HttpError extends Error {
  constructor(status, code, message, extra = {}) {
    super(message);
    Object.assign(this, { status, code, ...extra });
  }
}

/** The metrics for one request body (already parsed JSON). */
export function metrics(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'CX_INVALID_INPUT', 'the body must be a JSON object');
  }
  const answers = {};
  for (const k of KINDS) if (body[k] !== undefined) answers[k] = body[k];
  if (body.responses !== undefined) {
    if (!Array.isArray(body.responses)) {
      throw new HttpError(400, 'CX_INVALID_INPUT', '`responses` must be an array of {kind, score}', { field: 'responses' });
    }
    body.responses.forEach((r, i) => {
      if (!r || !KINDS.includes(r.kind)) {
        throw new HttpError(400, 'CX_INVALID_INPUT', `\`responses\` at index ${i}: kind must be one of ${KINDS.join(', ')}`, { field: 'responses', index: i });
      }
      (answers[r.kind] ??= []).push(r.score);
    });
  }
  if (!Object.keys(answers).length) {
    throw new HttpError(400, 'CX_EMPTY', 'send at least one of nps, csat, ces or responses');
  }
  const options = body.options ?? {};
  const out = {};
  if (answers.nps) out.nps = cx.nps(answers.nps, options.nps);
  if (answers.csat) out.csat = cx.csat(answers.csat, options.csat);
  if (answers.ces) out.ces = cx.ces(answers.ces, options.ces);
  return out;
}

function send(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'CX_INVALID_INPUT', `body over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    throw new HttpError(400, 'CX_PARSE', `body is not JSON: ${e.message}`);
  }
}

/** The request handler: GET /health, POST /metrics. */
export async function handle(req, res) {
  try {
    const { pathname } = new URL(req.url, 'http://localhost');
    if (pathname === '/health' && req.method === 'GET') return send(res, 200, { ok: true });
    if (pathname !== '/metrics') throw new HttpError(404, 'NOT_FOUND', `no route ${pathname}`);
    if (req.method !== 'POST') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'use POST');
    return send(res, 200, metrics(await readJson(req)));
  } catch (e) {
    // cx errors (code CX_...) are the client's fault; anything else is ours.
    const status = e.status ?? (typeof e.code === 'string' && e.code.startsWith('CX_') ? 400 : 500);
    const error = { code: e.code ?? 'INTERNAL', message: e.message };
    if (e.field !== undefined) error.field = e.field;
    if (e.index !== undefined) error.index = e.index;
    return send(res, status, { error });
  }
}

/** Starts the service; resolves to `{ server, url }`. */
export function start(port = 8787, host = '127.0.0.1') {
  const server = createServer(handle);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve({ server, url: `http://${host}:${server.address().port}` }));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await start(Number(process.argv[2] || process.env.PORT || 8787));
  console.log(`cxkit metrics service on ${url} (POST /metrics, GET /health)`);
}
