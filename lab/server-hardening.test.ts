// The lab server under hostile or broken input: review times out of order or in the future, cards
// broken by an old future review, runs over the size limits, paging through many runs, HEAD on the
// API, and clients that hang up mid-request (not logged as server errors).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { serve, type RunningServer } from './server/listen.node.ts';
import { createHandler } from './server/router.node.ts';
import { openStore, type Store } from './store.node.ts';
import { schedule } from './quiz.ts';
import { RUN_LIMITS, type NewRun } from './runs.ts';
import { fixtureLesson } from './testing/fixture-lesson.ts';
import { postJson, request } from './testing/http-client.node.ts';

const dir = mkdtempSync(join(tmpdir(), 'gradschool-hardening-'));
const dbPath = join(dir, 'lab.db');
let server: RunningServer;
let port: number;
const get = (path: string) => request(port, 'GET', path);
const review = (body: unknown) => postJson(port, '/api/reviews', body);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

before(async () => {
  server = await serve([fixtureLesson], { port: 0, dbPath, webRoot: join(dir, 'no-web') });
  port = server.port;
});
after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The review log of one card, oldest first, read straight from the file. */
function reviewLog(cardId: string): string[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT reviewed_at FROM reviews WHERE card_id = ? ORDER BY id').all(cardId) as Array<{ reviewed_at: string }>).map((r) => r.reviewed_at);
  } finally {
    db.close();
  }
}

test('a review time before the last review counts at the last review (was a 500)', async () => {
  const card = 'fixture-lesson/what-is-lr';
  const first = new Date(Date.now() - HOUR).toISOString();
  const r1 = await review({ cardId: card, rating: 'good', now: first });
  assert.equal(r1.status, 200, r1.text);
  assert.equal(r1.json().reviewedAt, first);
  // 30 days before the last review: ts-fsrs refuses time running back ("Invalid delta_t"), which was a 500.
  const back = new Date(Date.parse(first) - 30 * DAY).toISOString();
  const r2 = await review({ cardId: card, rating: 'good', now: back });
  assert.equal(r2.status, 200, r2.text);
  assert.equal(r2.json().reps, 2);
  assert.equal(r2.json().reviewedAt, first, 'clamped to the last review');
  assert.ok(Date.parse(r2.json().due) > Date.parse(first));
  assert.deepEqual(reviewLog(card), [first, first], 'the log stays in time order');
});

test('a review time more than a day ahead of the server is a 400 and is not stored', async () => {
  const card = 'fixture-lesson/what-is-lr';
  const before = reviewLog(card).length;
  const ahead = new Date(Date.now() + 2 * DAY).toISOString();
  const r = await review({ cardId: card, rating: 'easy', now: ahead });
  assert.equal(r.status, 400, r.text);
  assert.match(r.json().error, new RegExp(`now = '${ahead}' is more than 24 hours ahead of the server's clock`));
  assert.equal(reviewLog(card).length, before, 'nothing logged');
  const due = (await get(`/api/cards/due?now=${encodeURIComponent(new Date(Date.now() + 400 * DAY).toISOString())}`)).json();
  assert.equal(due.find((c: any) => c.cardId === card).reps, 2, 'the state is unchanged');
  // A fast clock within the allowance is fine, and a later review at the real time still works.
  const skewed = new Date(Date.now() + HOUR).toISOString();
  assert.equal((await review({ cardId: card, rating: 'good', now: skewed })).json().reviewedAt, skewed);
  const after = await review({ cardId: card, rating: 'good' });
  assert.equal(after.status, 200, after.text);
  assert.equal(after.json().reviewedAt, skewed);
  // The store refuses it too (the CLI writes through the store, not the API).
  const store = openStore(dbPath);
  try {
    assert.throws(() => store.saveReview({ cardId: card, rating: 'good', now: new Date(Date.now() + 2 * DAY) }), /more than 24 hours ahead of this computer's clock/);
  } finally {
    store.close();
  }
});

test('a card broken by a stored future review is due now and reviews again (repaired as it is read)', async () => {
  const card = 'fixture-lesson/guess-loss';
  // What an older server stored when it accepted now = 2999-01-01.
  const broken = schedule(null, 'good', new Date('2999-01-01T00:00:00Z'));
  const db = new Database(dbPath);
  db.prepare('INSERT INTO card_states (card_id, state, due, updated_at) VALUES (?, ?, ?, ?)').run(card, JSON.stringify(broken), broken.due, broken.last_review);
  db.close();

  const due = (await get('/api/cards/due')).json();
  assert.ok(due.some((c: any) => c.cardId === card), 'due now, not in 2999');
  const r = await review({ cardId: card, rating: 'good', answer: 0, correct: true });
  assert.equal(r.status, 200, r.text);
  const { reviewedAt, due: next, reps } = r.json();
  assert.ok(Math.abs(Date.parse(reviewedAt) - Date.now()) < 60_000, `reviewed at the present, not 2999: ${reviewedAt}`);
  assert.ok(Date.parse(next) < Date.parse('2100-01-01'), `scheduled from the present: ${next}`);
  assert.equal(reps, 2);
  assert.equal((await review({ cardId: card, rating: 'good' })).status, 200, 'and stays usable');
});

const run = (over: Partial<NewRun> = {}): NewRun => ({
  lesson: 'fixture-lesson', experiment: 'toy', source: 'web', seed: 1, quick: true, config: { lr: 0.5, width: 2, act: 'relu', bias: true },
  status: 'completed', seconds: 1, metrics: { loss: 0.5 }, figures: [], progress: [], claims: [], ...over,
});

test('POST /api/runs over the size limits is a 413 naming the part, and nothing is stored', async () => {
  const count = async () => (await get('/api/progress')).json().runs;
  const before = await count();
  const manyMetrics = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`metric${i}`, i]));
  let r = await postJson(port, '/api/runs', run({ metrics: manyMetrics }));
  assert.equal(r.status, 413, r.text);
  assert.match(r.json().error, /^metrics: the run's metrics take \d+\.\d KiB as JSON, over the 16\.0 KiB a stored run may hold/);
  const points = Array.from({ length: 100_000 }, (_, i) => [i, i / 7]);
  const figure = { id: 'f', title: 'F', kind: 'line', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points }] };
  r = await postJson(port, '/api/runs', run({ figures: [figure] as NewRun['figures'] }));
  assert.equal(r.status, 413, r.text);
  assert.match(r.json().error, /^details: the run's figures and progress together take \d\.\d MiB as JSON, over the 2\.0 MiB/);
  assert.equal(await count(), before);
  assert.equal((await postJson(port, '/api/runs', run())).status, 201, 'a normal run still saves');
});

test('GET /api/runs: limit=1000 gives one capped page fast; the cursor walks every run once', async () => {
  const store = openStore(dbPath);
  let ids: number[];
  try {
    // Runs near the summary limits, so a page is as heavy as one can be: ~15 KB of metrics, ~30 KB of claims each.
    const metrics = Object.fromEntries(Array.from({ length: 700 }, (_, i) => [`m${i}`, i + 0.123456789]));
    const claims = Array.from({ length: 30 }, (_, i) => ({ id: `c${i}`, text: 'x'.repeat(900), passed: true, value: i, expected: '> 0' }));
    for (let i = 0; i < 240; i++) store.saveRun(run({ seed: i, metrics, claims }));
    // One from before the limits existed, written straight into the file: lists show it without its 1 MB of metrics.
    const db = new Database(dbPath);
    db.prepare(`INSERT INTO runs (lesson, experiment, source, seed, quick, config, status, started_at, seconds, metrics, claims, figures, progress)
      VALUES ('fixture-lesson', 'toy', 'web', 0, 1, '{}', 'completed', '2025-01-01T00:00:00Z', 1, ?, '[]', '[]', '[]')`).run(JSON.stringify({ big: 'y'.repeat(1 << 20) }));
    db.close();
    ids = store.listRuns({ limit: 100_000 }).map((r) => r.id);
  } finally {
    store.close();
  }
  const t0 = performance.now();
  const first = await get('/api/runs?limit=1000');
  const ms = performance.now() - t0;
  assert.equal(first.status, 200);
  assert.equal(first.json().length, 100, 'limit is lowered to the cap');
  assert.ok(first.text.length < 10 * 1024 * 1024, `${first.text.length} bytes`);
  assert.ok(ms < 3000, `${ms.toFixed(0)} ms`);
  assert.deepEqual(first.json()[0].metrics, {}, 'the old oversized run is listed without its metrics');
  assert.equal((await get(`/api/runs/${ids[0]}`)).json().metrics.big.length, 1 << 20, 'but its page has them');
  assert.ok(!('figures' in first.json()[0]));

  const seen: number[] = [];
  let path: string | null = '/api/runs?lesson=fixture-lesson&limit=70';
  let pages = 0;
  while (path) {
    const page = await get(path);
    assert.equal(page.status, 200, page.text);
    seen.push(...page.json().map((r: any) => r.id));
    const link = page.headers.link as string | undefined;
    path = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : null;
    if (path) assert.equal(page.headers['x-next-before'], String(seen[seen.length - 1]));
    if (pages++ === 0) {
      assert.match(path!, /^\/api\/runs\?lesson=fixture-lesson&limit=70&before=\d+$/);
      // A run saved meanwhile is newer than the cursor: the walk neither repeats nor skips anything.
      await postJson(port, '/api/runs', run());
    }
  }
  assert.deepEqual(seen, ids, 'every run once, newest first');
  assert.equal(pages, Math.ceil(ids.length / 70));
  assert.equal((await get(`/api/runs?before=${ids[ids.length - 1]}`)).json().length, 0);
  const bad = await get('/api/runs?before=x');
  assert.equal(bad.status, 400);
  assert.match(bad.json().error, /'before' = 'x'/);
});

test('HEAD on API routes answers as GET without a body; Allow lists HEAD', async () => {
  const full = await get('/api/lessons');
  const head = await request(port, 'HEAD', '/api/lessons');
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
  assert.equal(head.headers['content-length'], full.headers['content-length']);
  assert.match(head.headers['content-type']!, /^application\/json/);
  assert.equal(head.headers['cross-origin-embedder-policy'], 'require-corp');
  assert.equal((await request(port, 'HEAD', '/api/runs?limit=1')).status, 200);
  assert.equal((await request(port, 'HEAD', '/api/nope')).status, 404);
  const post = await request(port, 'HEAD', '/api/reviews');
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'POST');
  assert.equal((await request(port, 'DELETE', '/api/runs')).headers.allow, 'GET, HEAD, POST');
});

// ---- clients that hang up: a handler on a server of our own, with the logger captured ----

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withLoggedServer(store: Store, body: (port: number, logged: unknown[][]) => Promise<void>): Promise<void> {
  const logged: unknown[][] = [];
  const srv: Server = createServer(createHandler({ lessons: [fixtureLesson], store, webRoot: join(dir, 'no-web'), log: (...a) => logged.push(a) }));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  try {
    await body((srv.address() as { port: number }).port, logged);
  } finally {
    srv.closeAllConnections();
    await new Promise((r) => srv.close(r));
  }
}

/** Sends raw bytes, then destroys the socket: right away, or once the first bytes of the reply came. */
function hangUp(port: number, raw: string, when: 'after-send' | 'on-first-bytes'): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(raw);
      if (when === 'after-send') setTimeout(() => socket.destroy(), 50);
    });
    socket.once('data', () => socket.destroy());
    socket.on('error', () => {});
    socket.on('close', () => resolve());
  });
}

test('a client that hangs up mid-body or mid-response is not logged as an internal error', async () => {
  const store = openStore(':memory:');
  const metrics = Object.fromEntries(Array.from({ length: 700 }, (_, i) => [`m${i}`, i + 0.5]));
  for (let i = 0; i < 100; i++) store.saveRun(run({ seed: i, metrics }));
  await withLoggedServer(store, async (port, logged) => {
    const head = (n: number) => `POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${n}\r\n\r\n`;
    await hangUp(port, head(5000) + '{"lesson": "fixture-', 'after-send'); // mid-body
    await hangUp(port, `GET /api/runs?limit=100 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 'on-first-bytes'); // mid-response (~1.5 MB)
    await sleep(200);
    assert.deepEqual(logged, []);
    assert.equal((await request(port, 'GET', '/api/progress')).status, 200, 'the server still answers');
    // The logger does see real failures: with the store closed every query throws.
    store.close();
    const r = await request(port, 'GET', '/api/progress');
    assert.equal(r.status, 500);
    assert.doesNotMatch(r.text, /database/, 'details stay in the log');
    assert.equal(logged.length, 1);
    assert.match(String(logged[0]![0]), /internal error/);
  });
});
