// The real `gradschool` executable, spawned with a temporary database: listing lessons, a quick run
// with claims saved to the store, usage errors (exit 2), a quiz fed by a pipe, an unwritable database.
// Runs use softmax-vs-argmax's argmax-explorer, the cheapest experiment, to keep the suite fast.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lessons as registry } from '../course/index.ts';
import { openStore } from '../lab/store.node.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gradschool-cli-'));
const db = join(dir, 'lab.db');
after(() => rmSync(dir, { recursive: true, force: true }));

function gradschool(args: string[], opts: { input?: string; db?: string } = {}) {
  const r = spawnSync(process.execPath, ['cli/bin.mjs', ...args], {
    cwd: root,
    env: { ...process.env, GRADSCHOOL_DB: opts.db ?? db, NO_COLOR: '1' },
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const LESSON = 'softmax-vs-argmax';
const CHEAP = 'overflow'; // no training: a table of softmax values, with a claim to check

test('--help and an unknown command need no lesson code; the unknown command lists the valid ones', () => {
  const help = gradschool(['run', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--experiment/);
  const bad = gradschool(['frobnicate']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown command 'frobnicate'/);
  for (const name of ['lessons', 'run', 'quiz', 'serve', 'glossary', 'search']) assert.match(bad.stderr, new RegExp(name));
});

test('lessons --json lists every lesson of the course in order, with counts and progress', () => {
  const r = gradschool(['lessons', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const list = JSON.parse(r.stdout);
  assert.deepEqual(list.map((l: { id: string }) => l.id), registry.map((m) => m.id));
  for (const [i, l] of list.entries()) {
    assert.equal(typeof l.number, 'number');
    assert.ok(l.title.length > 0 && l.questions.length > 0);
    assert.deepEqual(l.experiments, registry[i]!.experiments.map((e) => e.id));
    assert.equal(l.claims, registry[i]!.claims.length);
    assert.equal(l.cards, registry[i]!.cards.length);
    assert.equal(l.progress.runs, 0, 'a fresh database has no runs');
  }
});

test('glossary: every term in one line with its lessons; a term looks up its entry; no match exits 1 naming the query', () => {
  const all = gradschool(['glossary']);
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout, /^dead ReLU — .+\n    \(lesson 07 activations-and-vanishing-gradients, 09 debugging-a-flat-loss\)$/m);
  const one = gradschool(['glossary', 'LEARNING-RATE FINDER']);
  assert.equal(one.code, 0, one.stderr);
  assert.match(one.stdout, /^learning-rate finder — .+\n    \(lesson 09 debugging-a-flat-loss\)\n$/);
  const json = JSON.parse(gradschool(['glossary', 'relu', '--json']).stdout);
  assert.deepEqual(json.map((t: { term: string }) => t.term), ['ReLU']);
  const none = gradschool(['glossary', 'frobnication']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no glossary term matches 'frobnication'/);
});

test('search: the best hits with where they matched and the lab address; nothing found exits 1', () => {
  const r = gradschool(['search', 'dead', 'relu', '--limit', '3']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.match(/^\d\d [a-z0-9-]+ · /gm)?.length, 3, r.stdout);
  assert.match(r.stdout, /· glossary: dead ReLU\n.*\n    \/glossary#term-dead-relu\n/);
  const json = JSON.parse(gradschool(['search', 'learning-rate', 'finder', '--json']).stdout);
  assert.ok(json.length >= 1 && json.every((h: { href: string }) => h.href.startsWith('/')));
  const none = gradschool(['search', 'frobnication']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /nothing in the course matches 'frobnication'/);
});

test('run --quick --json prints one object whose claims carry verdicts, and saves the run', () => {
  const r = gradschool(['run', LESSON, '--quick', '--json', '--experiment', CHEAP]);
  const report = JSON.parse(r.stdout);
  assert.equal(report.lesson, LESSON);
  assert.equal(report.quick, true);
  assert.equal(report.runs.length, 1);
  const [run] = report.runs;
  assert.equal(run.experiment, CHEAP);
  const expectedClaims = registry.find((m) => m.id === LESSON)!.claims.filter((c) => c.experiment === CHEAP);
  assert.ok(expectedClaims.length > 0, 'the cheap experiment has claims to check');
  assert.deepEqual(report.claims.map((c: { id: string }) => c.id), expectedClaims.map((c) => c.id));
  for (const c of report.claims) {
    assert.equal(typeof c.passed, 'boolean');
    assert.equal(typeof c.value === 'number' || c.value === null, true, `claim ${c.id} value`);
    assert.equal(typeof c.expected, 'string');
  }
  for (const [k, v] of Object.entries(run.metrics)) assert.equal(report.metrics[`${CHEAP}.${k}`], v);
  assert.equal(r.code, report.claims.every((c: { passed: boolean }) => c.passed) ? 0 : 1, 'exit code follows the verdicts');

  const store = openStore(db);
  try {
    const saved = store.getRun(run.runId);
    assert.ok(saved, 'the run is in the store');
    assert.equal(saved.experiment, CHEAP);
    assert.equal(saved.source, 'cli');
    assert.equal(saved.status, 'completed');
    assert.deepEqual(saved.metrics, run.metrics);
    assert.deepEqual(saved.claims.map((c) => c.id), expectedClaims.map((c) => c.id));
  } finally {
    store.close();
  }
  const progress = JSON.parse(gradschool(['lessons', '--json']).stdout).find((l: { id: string }) => l.id === LESSON).progress;
  assert.equal(progress.runs, 1);
});

test('an unknown lesson is a usage error that lists every valid lesson', () => {
  const r = gradschool(['run', 'no-such-lesson', '--quick']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no-such-lesson/);
  for (const m of registry) assert.match(r.stderr, new RegExp(m.id));
});

test('a bad --set is a usage error naming the key, the value and what is valid', () => {
  const badValue = gradschool(['run', LESSON, '--quick', '--experiment', 'argmax-explorer', '--set', 'temperature=hot']);
  assert.equal(badValue.code, 2);
  assert.match(badValue.stderr, /'temperature'/);
  assert.match(badValue.stderr, /hot/);
  assert.match(badValue.stderr, /from [\d.]+ to [\d.]+/);
  const unknown = gradschool(['run', LESSON, '--experiment', 'argmax-explorer', '--set', 'learningRate=0.1']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /'learningRate'/);
  assert.match(unknown.stderr, /temperature/, 'lists the valid settings');
});

test('quiz reads answers from a pipe, rates a card and stores the review', () => {
  // "1" reveals a recall card (any line does) or picks choice 1 of a predict card; the empty line
  // is then refused as a rating and "3" (Good) accepted.
  const r = gradschool(['quiz', '--lesson', LESSON, '--limit', '1'], { input: '1\n\n3\n' });
  assert.equal(r.code, 0, r.stderr);
  const cardId = /\[1\/1\] (\S+)/.exec(r.stdout)?.[1];
  assert.ok(cardId, `a card was shown:\n${r.stdout}`);
  assert.match(r.stdout, /Next review/);
  const store = openStore(db);
  try {
    const state = store.cardState(cardId);
    assert.ok(state, 'the card has a schedule');
    assert.equal(state.reps, 1);
    assert.ok(Date.parse(state.due) > Date.now(), 'rated Good, it is due later');
    assert.equal(store.reviewsToday(), 1);
  } finally {
    store.close();
  }
});

test('an unwritable database path fails with the store\'s message and exit 1', () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, '');
  const r = gradschool(['lessons'], { db: join(file, 'lab.db') });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot open the lab database at .*a-file/);
  assert.match(r.stderr, /GRADSCHOOL_DB/);
});
