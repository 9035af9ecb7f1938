// A tiny static server for the demo page: serves cx-wasm/ (the page in www/, the wasm
// package in pkg/) and the sample event log (/data/touchpoints.csv) from 127.0.0.1 only.
// `node cx-wasm/www/serve.mjs [port]`, then open http://127.0.0.1:8080/www/ (build the
// package first: `make build-wasm`).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const allowed = ['www', 'pkg'];
/** Sample data outside cx-wasm/ the page offers, by URL path (nothing else is served from there). */
const samples = {
  '/data/touchpoints.csv': fileURLToPath(new URL('../../examples/data/touchpoints.csv', import.meta.url)),
};
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ts': 'text/plain; charset=utf-8',
};

/** Starts the server on `port` (0 = any free port); resolves to `{ server, url }`. */
export function start(port = 8080) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    if (path === '/') {
      res.writeHead(302, { location: '/www/' });
      res.end();
      return;
    }
    if (Object.hasOwn(samples, path)) {
      try {
        const body = await readFile(samples[path]);
        res.writeHead(200, { 'content-type': types['.csv'], 'cache-control': 'no-store' });
        res.end(body);
      } catch {
        res.writeHead(404).end('not found');
      }
      return;
    }
    const rel = normalize(path.endsWith('/') ? `${path}index.html` : path).replace(/^[/\\]+/, '');
    if (!allowed.includes(rel.split(sep)[0]) || rel.split(sep).includes('..')) {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      const body = await readFile(join(root, rel));
      res.writeHead(200, { 'content-type': types[extname(rel)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${server.address().port}` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await start(Number(process.argv[2] || process.env.PORT || 8080));
  console.log(`cxkit demo: ${url}/www/ (Ctrl-C to stop)`);
}
