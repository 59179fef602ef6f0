// The page's API client against a real lab server (fetch pointed at it): run lists come a page at a
// time with a cursor, a review reports when it counted, and failures carry the server's message.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type RunningServer } from '../../lab/server/listen.node.ts';
import { openStore } from '../../lab/store.node.ts';
import { fixtureLesson } from '../../lab/testing/fixture-lesson.ts';
import { api, ApiError } from './api.ts';

const dir = mkdtempSync(join(tmpdir(), 'gradschool-web-api-'));
let server: RunningServer;
const realFetch = globalThis.fetch;

before(async () => {
  const dbPath = join(dir, 'lab.db');
  const store = openStore(dbPath);
  for (let seed = 0; seed < 130; seed++) {
    store.saveRun({
      lesson: 'fixture-lesson', experiment: 'toy', source: 'cli', seed, quick: true, config: { lr: 0.1, width: 2, act: 'relu', bias: true },
      status: 'completed', seconds: 1, metrics: { loss: 0.1 }, figures: [], progress: [], claims: [],
    });
  }
  store.close();
  server = await serve([fixtureLesson], { port: 0, dbPath, webRoot: join(dir, 'no-web') });
  // The page fetches same-origin paths; here they go to the test server.
  globalThis.fetch = (input, init) => realFetch(new URL(String(input), server.url), init);
});
after(async () => {
  globalThis.fetch = realFetch;
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('api.runs pages through every run with the cursor; a page holds at most 100', async () => {
  const first = await api.runs({ limit: 500 });
  assert.equal(first.runs.length, 100);
  assert.equal(first.before, first.runs[99]!.id);
  const second = await api.runs({ limit: 500, before: first.before! });
  assert.equal(second.runs.length, 30);
  assert.equal(second.before, null, 'the last page has no cursor');
  const seeds = [...first.runs, ...second.runs].map((r) => r.seed);
  assert.deepEqual(seeds, Array.from({ length: 130 }, (_, i) => 129 - i), 'newest first, each once');
  const filtered = await api.runs({ lesson: 'fixture-lesson', limit: 10 });
  assert.equal(filtered.runs.length, 10);
  assert.equal(filtered.before, filtered.runs[9]!.id);
});

test('api.review returns when the review counted; errors carry the server message', async () => {
  const r = await api.review({ cardId: 'fixture-lesson/what-is-lr', rating: 'good' });
  assert.ok(Math.abs(Date.parse(r.reviewedAt) - Date.now()) < 60_000, r.reviewedAt);
  await assert.rejects(api.run(999_999), (e: Error) => e instanceof ApiError && e.status === 404 && /no run with id '999999'/.test(e.message));
});
