// Files the lab server hands out: the built web app (with index.html for client-side routes) and
// the dataset files behind /data/ (gzipped for clients that take it; MNIST cut to its first ?rows=).
// Only resolved paths inside their root are served.

import { createReadStream, readFileSync, realpathSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { dataFilePath } from '../data-files.node.ts';
import { firstIdxRows } from '../data-files.ts';
import { HttpError } from './http.node.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The regular file at `path`, or null (missing, a directory, or anything else). */
function regularFile(path: string): { size: number } | null {
  try {
    const st = statSync(path);
    return st.isFile() ? { size: st.size } : null;
  } catch {
    return null;
  }
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, size: number, type: string, cache: string): void {
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': size, 'Cache-Control': cache });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** GET /data/<path>[?rows=N]: only the files the browser DataSource may ask for. */
export function serveData(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): void {
  const file = dataFilePath(path);
  const st = file ? regularFile(file) : null;
  if (!file || !st) throw new HttpError(404, `no data file '${path}'`);
  const rows = rowsParam(path, query);
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = dataBody(file, path, rows, gzip);
  // A day in the browser's cache: a second run fetches nothing (the files never change).
  const headers: Record<string, string | number> = { 'Content-Type': 'application/octet-stream', 'Content-Length': body.bytes.length, 'Cache-Control': 'public, max-age=86400', Vary: 'Accept-Encoding' };
  if (body.gzipped) headers['Content-Encoding'] = 'gzip';
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body.bytes);
}

function rowsParam(path: string, query: URLSearchParams): number | undefined {
  const text = query.get('rows');
  if (text === null) return undefined;
  if (!path.startsWith('mnist/')) throw new HttpError(400, `rows: only MNIST files can be cut to their first rows, not '${path}'`);
  if (!/^\d{1,6}$/.test(text) || Number(text) < 1) throw new HttpError(400, `rows: expected a whole number from 1 to 999999, got '${text.slice(0, 40)}'`);
  return Number(text);
}

// Compressing the MNIST training images takes about a second; keep the last few answers.
const bodies = new Map<string, { bytes: Uint8Array; gzipped: boolean }>();
const BODY_CACHE = 8;

function dataBody(file: string, path: string, rows: number | undefined, gzip: boolean): { bytes: Uint8Array; gzipped: boolean } {
  const key = `${path}|${rows ?? 'all'}|${gzip}`;
  const hit = bodies.get(key);
  if (hit) return hit;
  let bytes: Uint8Array = readFileSync(file);
  if (rows !== undefined) bytes = firstIdxRows(bytes, rows, path);
  // Files already gzipped (digits.csv.gz) go as they are: compressing them again gains nothing.
  const compress = gzip && !(bytes[0] === 0x1f && bytes[1] === 0x8b);
  const body = { bytes: compress ? gzipSync(bytes) : bytes, gzipped: compress };
  bodies.set(key, body);
  while (bodies.size > BODY_CACHE) bodies.delete(bodies.keys().next().value!);
  return body;
}

/** Inside `root` after resolving `..` and symlinks, or null. */
function inside(root: string, segments: readonly string[]): string | null {
  const target = resolve(root, ...segments);
  if (target !== root && !target.startsWith(root + sep)) return null;
  try {
    const real = realpathSync(target);
    const realRoot = realpathSync(root);
    return real === realRoot || real.startsWith(realRoot + sep) ? real : null;
  } catch {
    return null;
  }
}

/** Static files of the web app; paths without a file extension fall back to index.html. */
export function serveWeb(req: IncomingMessage, res: ServerResponse, webRoot: string, segments: readonly string[]): void {
  const root = resolve(webRoot);
  const file = segments.length ? inside(root, segments) : null;
  const st = file ? regularFile(file) : null;
  if (file && st) {
    // Vite puts content-hashed names under assets/: they never change, so browsers may keep them.
    const cache = segments[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'no-cache';
    sendFile(req, res, file, st.size, contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream', cache);
    return;
  }
  const last = segments[segments.length - 1] ?? '';
  if (extname(last)) throw new HttpError(404, `no file '/${segments.join('/')}'`);
  const index = join(root, 'index.html');
  const st2 = regularFile(index);
  if (!st2) {
    // The page itself is missing: say so in whatever form the client reads.
    const message = 'web app not built: run npm run build:web';
    if (!(req.headers.accept ?? '').includes('text/html')) throw new HttpError(503, message);
    const html = `<!doctype html><meta charset="utf-8"><title>gradschool lab</title><p>${message}</p>\n`;
    res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html), 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : html);
    return;
  }
  sendFile(req, res, index, st2.size, contentTypes['.html']!, 'no-cache');
}
