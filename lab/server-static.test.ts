// The lab server's file routes: the built web app (content types, client-side routes, no listing,
// no traversal), the /data/ allow-list, the "not built" reply, and a 500 that leaks nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { dataFilePath } from './data-files.node.ts';
import type { Lesson } from './lesson-file.node.ts';
import { serve, type RunningServer } from './server/listen.node.ts';
import { fixtureLesson } from './testing/fixture-lesson.ts';
import { request } from './testing/http-client.node.ts';

const dir = mkdtempSync(join(tmpdir(), 'gradschool-static-'));
const web = join(dir, 'web');
let built: RunningServer;
let unbuilt: RunningServer;

// A lesson whose text cannot be read: its detail route must fail with a 500 that hides the reason.
const broken: Lesson = Object.defineProperty({ ...fixtureLesson, id: 'broken' }, 'markdown', {
  get() { throw new Error('secret internal detail'); },
});

before(async () => {
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>lab</title>');
  writeFileSync(join(web, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(web, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(web, 'logo.svg'), '<svg/>');
  writeFileSync(join(web, 'engine.wasm'), Buffer.from([0, 97, 115, 109]));
  writeFileSync(join(web, 'font.woff2'), 'w');
  writeFileSync(join(web, 'manifest.json'), '{}');
  writeFileSync(join(web, 'icon.png'), 'p');
  writeFileSync(join(dir, 'secret.txt'), 'outside the web root');
  symlinkSync(join(dir, 'secret.txt'), join(web, 'link.txt'));
  built = await serve([fixtureLesson], { port: 0, dbPath: join(dir, 'a.db'), webRoot: web });
  unbuilt = await serve([fixtureLesson, broken], { port: 0, dbPath: join(dir, 'b.db'), webRoot: join(dir, 'missing') });
});
after(async () => {
  await built?.close();
  await unbuilt?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => request(built.port, 'GET', path, { headers });

test('web files are served with their content types and isolation headers', async () => {
  const types: Array<[string, RegExp]> = [
    ['/', /^text\/html/], ['/index.html', /^text\/html/], ['/assets/app-1234.js', /^text\/javascript/],
    ['/assets/app.css', /^text\/css/], ['/logo.svg', /^image\/svg\+xml$/], ['/engine.wasm', /^application\/wasm$/],
    ['/font.woff2', /^font\/woff2$/], ['/manifest.json', /^application\/json/], ['/icon.png', /^image\/png$/],
  ];
  for (const [path, type] of types) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    assert.match(r.headers['content-type']!, type, path);
    assert.equal(r.headers['cross-origin-embedder-policy'], 'require-corp', path);
    assert.equal(r.headers['cross-origin-opener-policy'], 'same-origin', path);
  }
  assert.match((await get('/assets/app-1234.js')).headers['cache-control']!, /immutable/);
  assert.equal((await get('/assets/app-1234.js')).text, 'console.log(1)');
  const head = await request(built.port, 'HEAD', '/logo.svg');
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
});

test('client-side routes get index.html; missing files are 404; folders are never listed', async () => {
  const route = await get('/lessons/softmax-vs-argmax');
  assert.equal(route.status, 200);
  assert.match(route.text, /<title>lab<\/title>/);
  assert.equal((await get('/assets')).text, readFileSync(join(web, 'index.html'), 'utf8'), 'a folder gives the app, not a listing');
  assert.equal((await get('/missing.js')).status, 404);
  assert.equal((await get('/assets/missing.css')).status, 404);
});

test('traversal attempts are 404, however they are spelled', async () => {
  const attempts = [
    '/../package.json', '/%2e%2e/package.json', '/%2E%2E/%2e%2e/package.json', '/assets/../../package.json',
    '/..%2fpackage.json', '/..%2f..%2fsecret.txt', '/..%5c..%5csecret.txt', '/%2e%2e%2fsecret.txt', '/./index.html',
    '/data/../package.json', '/data/%2e%2e/package.json', '/data/sklearn/../../package.json', '/data/sklearn%2f..%2f..%2fpackage.json',
    '/index.html%00.js', '/%zz', '/link.txt', '/%2e%2e/', '/data/..',
  ];
  for (const path of attempts) {
    const r = await get(path);
    assert.equal(r.status, 404, `${path} → ${r.status} ${r.text.slice(0, 80)}`);
    assert.doesNotMatch(r.text, /"name": "gradschool"|outside the web root/, path);
  }
});

test('/data/ serves exactly the allow-listed dataset files', async () => {
  const r = await get('/data/sklearn/iris.csv');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/octet-stream');
  assert.equal(r.headers['cache-control'], 'public, max-age=86400');
  assert.equal(r.text, readFileSync(dataFilePath('sklearn/iris.csv')!, 'utf8'));
  for (const path of ['/data/sklearn/other.csv', '/data/sklearn', '/data/', '/data/mnist/README', '/data/package.json']) {
    const miss = await get(path);
    assert.equal(miss.status, 404, path);
    assert.match(miss.json().error, /no data file/);
  }
  assert.equal((await request(built.port, 'POST', '/data/sklearn/iris.csv')).status, 405);
});

test('/data/ gzips for clients that take it, and cuts MNIST to its first ?rows= as a valid IDX file', async () => {
  const iris = readFileSync(dataFilePath('sklearn/iris.csv')!);
  const zipped = await get('/data/sklearn/iris.csv', { 'Accept-Encoding': 'gzip, deflate, br' });
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal(zipped.headers.vary, 'Accept-Encoding');
  assert.ok(zipped.bytes.length < iris.length / 2, `${zipped.bytes.length} bytes gzipped of ${iris.length}`);
  assert.deepEqual(gunzipSync(zipped.bytes), iris);
  // Already gzipped: sent as it is.
  const digits = await get('/data/sklearn/digits.csv.gz', { 'Accept-Encoding': 'gzip' });
  assert.equal(digits.headers['content-encoding'], undefined);
  assert.deepEqual(digits.bytes, readFileSync(dataFilePath('sklearn/digits.csv.gz')!));

  const labels = readFileSync(dataFilePath('mnist/t10k-labels-idx1-ubyte')!);
  const cut = await get('/data/mnist/t10k-labels-idx1-ubyte?rows=1000', { 'Accept-Encoding': 'gzip' });
  const body = gunzipSync(cut.bytes);
  assert.equal(body.length, 8 + 1000);
  assert.equal(body.readUInt32BE(4), 1000, 'the header counts the rows sent');
  assert.deepEqual(body.subarray(8), labels.subarray(8, 1008));
  const images = await get('/data/mnist/t10k-images-idx3-ubyte?rows=20000');
  assert.equal(images.headers['content-encoding'], undefined, 'no gzip unless asked for');
  assert.equal(images.bytes.readUInt32BE(4), 10000, 'asking for more rows than the file has sends all of them');
  assert.equal(images.bytes.length, 16 + 10000 * 784);

  for (const [path, pattern] of [
    ['/data/mnist/t10k-labels-idx1-ubyte?rows=0', /rows: expected a whole number from 1 to 999999, got '0'/],
    ['/data/mnist/t10k-labels-idx1-ubyte?rows=1e3', /got '1e3'/],
    ['/data/sklearn/iris.csv?rows=10', /only MNIST files can be cut/],
  ] as const) {
    const bad = await get(path);
    assert.equal(bad.status, 400, path);
    assert.match(bad.json().error, pattern);
  }
});

test('without a built web app, pages answer 503 saying how to build it', async () => {
  const page = await request(unbuilt.port, 'GET', '/', { headers: { Accept: 'text/html,*/*' } });
  assert.equal(page.status, 503);
  assert.match(page.headers['content-type']!, /^text\/html/);
  assert.match(page.text, /web app not built: run npm run build:web/);
  const json = await request(unbuilt.port, 'GET', '/lessons/x');
  assert.equal(json.status, 503);
  assert.match(json.json().error, /npm run build:web/);
  assert.equal((await request(unbuilt.port, 'GET', '/api/lessons')).status, 200, 'the API works regardless');
});

test('an internal failure is a 500 that does not leak the error', async () => {
  const logged: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void logged.push(args);
  try {
    const r = await request(unbuilt.port, 'GET', '/api/lessons/broken');
    assert.equal(r.status, 500);
    assert.doesNotMatch(r.text, /secret|at .*\.ts/);
    assert.match(r.json().error, /internal server error/);
    assert.equal(r.headers['cross-origin-opener-policy'], 'same-origin');
  } finally {
    console.error = original;
  }
  assert.match(String(logged[0]), /internal error/, 'the server log gets the details');
});
