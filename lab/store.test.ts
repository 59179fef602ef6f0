// The SQLite store: run and review round trips, WAL, migrations and the error for a bad path.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, schemaVersion } from './store.node.ts';
import { RunTooLargeError, type NewRun } from './runs.ts';

const dir = mkdtempSync(join(tmpdir(), 'gradschool-store-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const run = (over: Partial<NewRun> = {}): NewRun => ({
  lesson: 'l1', experiment: 'e1', source: 'cli', seed: 3, quick: true, config: { lr: 0.1, act: 'relu', bias: true },
  status: 'completed', seconds: 1.5, metrics: { loss: 0.25 },
  figures: [{ id: 'f', title: 'F', kind: 'bar', xLabel: 'x', yLabel: 'y', bars: [{ label: 'a', value: 1 }] }],
  progress: [{ series: 's', step: 1, totalSteps: 2, metrics: { loss: 1 } }],
  claims: [], ...over,
});

test('runs round-trip; lists are newest first, filter by lesson and omit figures and progress', () => {
  const store = openStore(join(dir, 'runs', 'lab.db'));
  try {
    const a = store.saveRun(run());
    const b = store.saveRun(run({ lesson: 'l2', status: 'failed', error: 'boom', source: 'web', quick: false }));
    const c = store.saveRun(run({ startedAt: '2025-01-01T00:00:00.000Z' }));
    assert.ok(a < b && b < c);
    const full = store.getRun(a)!;
    const { startedAt, id, ...rest } = full;
    assert.equal(id, a);
    assert.ok(!Number.isNaN(new Date(startedAt).getTime()));
    assert.deepEqual(rest, run());
    assert.equal(store.getRun(b)!.error, 'boom');
    assert.equal(store.getRun(b)!.quick, false);
    assert.equal(store.getRun(c)!.startedAt, '2025-01-01T00:00:00.000Z');
    assert.equal(store.getRun(9999), null);

    assert.deepEqual(store.listRuns().map((r) => r.id), [c, b, a]);
    assert.deepEqual(store.listRuns({ lesson: 'l1' }).map((r) => r.id), [c, a]);
    assert.deepEqual(store.listRuns({ limit: 1 }).map((r) => r.id), [c]);
    const listed = store.listRuns()[0]!;
    assert.ok(!('figures' in listed) && !('progress' in listed));
    assert.equal(store.countRuns(), 3);
    assert.equal(store.countRuns('l2'), 1);
  } finally {
    store.close();
  }
});

test('a run over RUN_LIMITS is refused whole, naming the part; listRuns pages with before', () => {
  const store = openStore(join(dir, 'limits.db'));
  try {
    const ids = [1, 2, 3, 4, 5].map((seed) => store.saveRun(run({ seed })));
    const bigMetrics = Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`m${i}`, i]));
    assert.throws(() => store.saveRun(run({ metrics: bigMetrics })), (e: Error) => e instanceof RunTooLargeError && e.part === 'metrics' && /16\.0 KiB/.test(e.message));
    assert.throws(() => store.saveRun(run({ error: 'x'.repeat(20_000) })), (e: Error) => e instanceof RunTooLargeError && e.part === 'error');
    const progress = Array.from({ length: 40_000 }, (_, step) => ({ series: 'loss', step, metrics: { loss: 1 / (step + 1) } }));
    assert.throws(() => store.saveRun(run({ progress })), (e: Error) => e instanceof RunTooLargeError && e.part === 'details' && /figures and progress together/.test(e.message));
    assert.equal(store.countRuns(), 5, 'nothing stored');
    assert.deepEqual(store.listRuns({ limit: 2 }).map((r) => r.id), [ids[4], ids[3]]);
    assert.deepEqual(store.listRuns({ limit: 2, before: ids[3] }).map((r) => r.id), [ids[2], ids[1]]);
    assert.deepEqual(store.listRuns({ limit: 2, before: ids[1] }).map((r) => r.id), [ids[0]]);
    assert.deepEqual(store.listRuns({ lesson: 'l1', before: ids[0] }), []);
  } finally {
    store.close();
  }
});

test("latestClaims gives each claim's verdict from the newest run that checked it", () => {
  const store = openStore(join(dir, 'claims.db'));
  try {
    assert.equal(store.latestClaims('l1'), null);
    const claim = { id: 'c', text: 't', passed: true, value: 1, expected: '> 0' };
    store.saveRun(run({ claims: [claim] }));
    store.saveRun(run({ claims: [{ ...claim, passed: false }] }));
    store.saveRun(run()); // no claims: does not hide the previous verdicts
    assert.deepEqual(store.latestClaims('l1'), [{ ...claim, passed: false }]);
    // A run of another experiment checks other claims: both verdicts count.
    const other = { ...claim, id: 'd', passed: true };
    store.saveRun(run({ claims: [other] }));
    assert.deepEqual(store.latestClaims('l1'), [other, { ...claim, passed: false }]);
  } finally {
    store.close();
  }
});

test('reviews schedule cards, keep their state and are counted per day', () => {
  const store = openStore(join(dir, 'reviews.db'));
  try {
    const now = new Date('2025-03-01T12:00:00');
    assert.equal(store.cardState('l1/c1'), null);
    const s1 = store.saveReview({ cardId: 'l1/c1', rating: 'good', now });
    assert.deepEqual(store.cardState('l1/c1'), s1);
    assert.ok(new Date(s1.due) > now);
    const s2 = store.saveReview({ cardId: 'l1/c1', rating: 'good', now: new Date(s1.due), answer: 1, correct: true });
    assert.equal(s2.reps, 2);
    assert.deepEqual([...store.cardStates().keys()], ['l1/c1']);
    assert.equal(store.reviewsToday(now), 2);
    assert.equal(store.reviewsToday(new Date('2025-03-02T12:00:00')), 0);
  } finally {
    store.close();
  }
});

test('the database is in WAL mode, and reopening does not re-run migrations', () => {
  const path = join(dir, 'wal.db');
  const first = openStore(path);
  first.saveRun(run());
  first.close();
  const second = openStore(path); // would fail with "table runs already exists" if migrations re-ran
  assert.equal(second.countRuns(), 1);
  second.close();
  const db = new Database(path);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('user_version', { simple: true }), schemaVersion);
  db.close();
});

test('two connections share the file: one writes, the other sees it', () => {
  const path = join(dir, 'shared.db');
  const cli = openStore(path);
  const server = openStore(path);
  try {
    cli.saveRun(run());
    server.saveReview({ cardId: 'l1/c1', rating: 'again' });
    assert.equal(server.countRuns(), 1);
    assert.ok(cli.cardState('l1/c1'));
  } finally {
    cli.close();
    server.close();
  }
});

test('an unusable path gives an error naming it and GRADSCHOOL_DB', () => {
  const file = join(dir, 'plain-file');
  writeFileSync(file, 'not a directory');
  const bad = join(file, 'lab.db');
  assert.throws(() => openStore(bad), (e: Error) => {
    assert.ok(e.message.startsWith(`cannot open the lab database at ${bad}: `), e.message);
    assert.match(e.message, /plain-file is a file, not a folder; set GRADSCHOOL_DB to a writable file$/);
    return true;
  });
  const notDb = join(dir, 'garbage.db');
  writeFileSync(notDb, 'x'.repeat(4096));
  assert.throws(() => openStore(notDb), /cannot open the lab database at .*garbage\.db: .*not a database/);
});

test('a database from a newer gradschool is refused rather than damaged', () => {
  const path = join(dir, 'future.db');
  const db = new Database(path);
  db.pragma('user_version = 999');
  db.close();
  assert.throws(() => openStore(path), /schema version 999 is newer/);
});

test('lessons marked read are kept with their time, and can be unmarked', () => {
  const store = openStore(join(dir, 'reads.db'));
  try {
    const at = store.markRead('lesson-a', true, new Date('2026-12-05T10:00:00Z'));
    assert.equal(at, '2026-12-05T10:00:00.000Z');
    store.markRead('lesson-b', true, new Date('2026-12-05T11:00:00Z'));
    store.markRead('lesson-a', true, new Date('2026-12-05T12:00:00Z')); // marking again moves the time
    assert.deepEqual([...store.readLessons()].sort(), [['lesson-a', '2026-12-05T12:00:00.000Z'], ['lesson-b', '2026-12-05T11:00:00.000Z']]);
    assert.equal(store.markRead('lesson-b', false), null);
    assert.deepEqual([...store.readLessons().keys()], ['lesson-a']);
  } finally {
    store.close();
  }
});
