// The lab API against a real server on a random port with a temporary database and a fixture
// lesson: every route's happy path, its errors, and progress that follows runs and reviews.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type RunningServer } from './server/listen.node.ts';
import { fixtureLesson } from './testing/fixture-lesson.ts';
import { postJson, request } from './testing/http-client.node.ts';

const dir = mkdtempSync(join(tmpdir(), 'gradschool-api-'));
let server: RunningServer;
let port: number;
const get = (path: string) => request(port, 'GET', path);

before(async () => {
  server = await serve([fixtureLesson], { port: 0, dbPath: join(dir, 'lab.db'), webRoot: join(dir, 'no-web') });
  port = server.port;
});
after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const goodRun = {
  lesson: 'fixture-lesson', experiment: 'toy', source: 'web', seed: 7, quick: true, config: { lr: 0.5 },
  status: 'completed', seconds: 2.5, metrics: { loss: 0.5, diverged: null },
  figures: [{ id: 'loss', title: 'Loss', kind: 'line', xLabel: 'step', yLabel: 'loss', series: [{ name: 'toy', points: [[0, 1], [1, 0.5]] }] }],
  progress: [{ series: 'toy', step: 1, totalSteps: 1, metrics: { loss: 0.5 } }],
  claims: [],
};

const expectError = async (reply: Promise<{ status: number; json(): any; headers: any }>, status: number, pattern: RegExp) => {
  const r = await reply;
  assert.equal(r.status, status, JSON.stringify(r.json()));
  assert.match(r.json().error, pattern);
  assert.equal(r.headers['cross-origin-embedder-policy'], 'require-corp', 'errors carry the isolation headers too');
  return r;
};

test('listens on loopback only and every reply is cross-origin isolated', async () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  await assert.rejects(serve([fixtureLesson], { port: 0, host: '0.0.0.0', dbPath: join(dir, 'x.db') }), /only listens on loopback/);
  await assert.rejects(serve([fixtureLesson], { port, dbPath: join(dir, 'y.db') }), new RegExp(`port ${port} on 127.0.0.1 is already in use`));
  await assert.rejects(serve([fixtureLesson], { port: 0, dbPath: join(dir, 'lab.db', 'inside-a-file.db') }), /cannot open the lab database at .*set GRADSCHOOL_DB/);
  const r = await get('/api/lessons');
  assert.equal(r.headers['cross-origin-opener-policy'], 'same-origin');
  assert.equal(r.headers['cross-origin-embedder-policy'], 'require-corp');
  assert.equal(r.headers['cross-origin-resource-policy'], 'same-origin');
  assert.match(r.headers['content-type']!, /^application\/json/);
  await expectError(request(port, 'GET', '/api/lessons', { headers: { Host: 'evil.example' } }), 403, /loopback name.*'evil.example'/);
  assert.equal((await request(port, 'GET', '/api/lessons', { headers: { Host: `localhost:${port}` } })).status, 200);
});

test('GET /api/lessons lists lessons with metadata and zero progress', async () => {
  const r = await get('/api/lessons');
  assert.equal(r.status, 200);
  const [lesson] = r.json();
  assert.equal(lesson.id, 'fixture-lesson');
  assert.equal(lesson.number, 99);
  assert.deepEqual(lesson.questions, ['Does the lab work?']);
  assert.deepEqual(lesson.glossary, [{ term: 'loss', definition: 'What training lowers.' }]);
  assert.deepEqual(lesson.experiments, [{ id: 'toy', title: 'Toy', summary: 'Returns its learning rate as the loss.' }]);
  assert.deepEqual(lesson.progress, { runs: 0, claimsPassed: 0, claimsChecked: 0, claimsTotal: 2, cardsTotal: 2, cardsReviewed: 0, cardsDue: 2, readAt: null, mastery: 0 });
});

test('GET /api/glossary lists the terms with their lessons; ?q= narrows it', async () => {
  const all = await get('/api/glossary');
  assert.equal(all.status, 200);
  assert.deepEqual(all.json(), [{ term: 'loss', definition: 'What training lowers.', lessons: [{ id: 'fixture-lesson', number: 99, title: 'A fixture' }] }]);
  assert.deepEqual((await get('/api/glossary?q=LOSS')).json().map((t: { term: string }) => t.term), ['loss']);
  assert.deepEqual((await get('/api/glossary?q=momentum')).json(), []);
});

test('GET /api/search finds words across the course; a missing or huge q is a 400 that says what to send', async () => {
  const hits = (await get('/api/search?q=training+LOWERS')).json();
  assert.deepEqual(hits.map((h: { kind: string; href: string }) => [h.kind, h.href]), [['term', '/glossary#term-loss']]);
  assert.deepEqual((await get('/api/search?q=momentum')).json(), []);
  const missing = await get('/api/search');
  assert.equal(missing.status, 400);
  assert.match(missing.json().error, /search: give the words to find as \?q=/);
  assert.equal((await get(`/api/search?q=${'a'.repeat(201)}`)).status, 400);
});

test('GET /api/lessons/:id gives text, rendered math, params, claims and cards without functions', async () => {
  const r = await get('/api/lessons/fixture-lesson');
  assert.equal(r.status, 200);
  const lesson = r.json();
  assert.match(lesson.markdown, /^# Fixture/);
  assert.match(lesson.html, /<h1 id="fixture">Fixture<\/h1>/);
  assert.match(lesson.html, /class="katex"/);
  assert.doesNotMatch(lesson.html, /katex-error/);
  assert.equal(lesson.experiments[0].params.length, 4);
  assert.deepEqual(lesson.experiments[0].quick, { width: 2 });
  assert.deepEqual(lesson.claims[1], { id: 'wide', text: 'Width helps.', experiment: 'toy', seeds: [1, 2, 3], config: { width: 4 } });
  assert.deepEqual(lesson.cards[1], {
    id: 'guess-loss', kind: 'predict', front: 'Will the loss be below 0.5?', back: 'The loss equals the learning rate.',
    choices: ['yes', 'no'], experiment: 'toy', config: { lr: 0.2 }, seed: 1,
  });
  await expectError(get('/api/lessons/nope'), 404, /no lesson 'nope' \(lessons: fixture-lesson\)/);
});

test('POST /api/runs saves a run with its config completed; GET lists and reads it', async () => {
  const created = await postJson(port, '/api/runs', goodRun);
  assert.equal(created.status, 201, created.text);
  const { id } = created.json();
  assert.equal(typeof id, 'number');

  const one = (await get(`/api/runs/${id}`)).json();
  assert.deepEqual(one.config, { lr: 0.5, width: 2, act: 'relu', bias: true }, 'quick defaults fill the missing keys');
  assert.deepEqual(one.figures, goodRun.figures);
  assert.deepEqual(one.progress, goodRun.progress);
  assert.deepEqual(one.metrics, { loss: 0.5, diverged: null });
  assert.equal(one.source, 'web');
  assert.ok(!Number.isNaN(Date.parse(one.startedAt)));

  const second = (await postJson(port, '/api/runs', { ...goodRun, seed: 8 })).json().id;
  const list = (await get('/api/runs?lesson=fixture-lesson&limit=10')).json();
  assert.deepEqual(list.map((r: any) => r.id).slice(0, 2), [second, id], 'newest first');
  assert.ok(!('figures' in list[0]) && !('progress' in list[0]));
  assert.equal((await get('/api/runs?limit=1')).json().length, 1);
});

test('GET /api/runs errors: bad limit, unknown lesson, unknown run', async () => {
  await expectError(get('/api/runs?limit=0'), 400, /'limit' = '0'.*integer from 1 to/);
  await expectError(get('/api/runs?limit=ten'), 400, /'limit'/);
  await expectError(get('/api/runs?lesson=zzz'), 404, /no lesson 'zzz'/);
  await expectError(get('/api/runs/424242'), 404, /no run with id '424242'/);
  await expectError(get('/api/runs/abc'), 404, /no run with id 'abc'/);
});

test('POST /api/runs rejects bad bodies with the field named', async () => {
  const post = (body: unknown) => postJson(port, '/api/runs', body);
  await expectError(post({ ...goodRun, config: { lr: 7 } }), 400, /config: config 'lr' = 7 is not valid: expected a number from 0.001 to 1/);
  await expectError(post({ ...goodRun, config: { act: 'gelu' } }), 400, /'act' = 'gelu'.*one of 'relu', 'tanh'/);
  await expectError(post({ ...goodRun, config: { width: 'wide' } }), 400, /'width' = 'wide'/);
  await expectError(post({ ...goodRun, config: { depth: 3 } }), 400, /unknown config key 'depth'/);
  const { seed: _seed, ...noSeed } = goodRun;
  await expectError(post(noSeed), 400, /invalid request body: seed: /);
  await expectError(post({ ...goodRun, status: 'done' }), 400, /status: /);
  await expectError(post({ ...goodRun, extra: 1 }), 400, /extra/);
  await expectError(post([]), 400, /invalid request body/);
  await expectError(post({ ...goodRun, lesson: 'nope' }), 404, /lesson: no lesson 'nope'/);
  await expectError(post({ ...goodRun, experiment: 'nope' }), 404, /experiment: lesson 'fixture-lesson' has no experiment 'nope' \(it has: toy\)/);
});

test('malformed JSON is 400, a non-JSON body 415, an oversized body 413', async () => {
  const headers = { 'Content-Type': 'application/json' };
  await expectError(request(port, 'POST', '/api/runs', { body: '{"lesson": ', headers }), 400, /not valid JSON/);
  await expectError(request(port, 'POST', '/api/runs', { body: '', headers }), 400, /empty/);
  await expectError(request(port, 'POST', '/api/runs', { body: 'lesson=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415, /Content-Type: application\/json/);
  await expectError(request(port, 'POST', '/api/reviews', { body: '{}' }), 415, /got none/);
  const big = JSON.stringify({ ...goodRun, error: 'x'.repeat(5 * 1024 * 1024) });
  await expectError(request(port, 'POST', '/api/runs', { body: big, headers }), 413, /larger than the 4 MiB limit/);
  await expectError(request(port, 'POST', '/api/runs', { body: big, headers, chunked: true }), 413, /4 MiB/);
  const after = await get('/api/lessons');
  assert.equal(after.status, 200, 'the server still answers');
});

test('unknown routes are 404 and wrong methods 405 with Allow', async () => {
  await expectError(get('/api/nothing'), 404, /no API route \/api\/nothing/);
  const del = await expectError(request(port, 'DELETE', '/api/runs'), 405, /DELETE is not allowed.*GET, HEAD, POST/);
  assert.equal(del.headers.allow, 'GET, HEAD, POST');
  const getReviews = await expectError(get('/api/reviews'), 405, /GET is not allowed/);
  assert.equal(getReviews.headers.allow, 'POST');
  const putPage = await expectError(request(port, 'PUT', '/lessons'), 405, /PUT/);
  assert.equal(putPage.headers.allow, 'GET, HEAD');
});

test('cards due, reviews and progress follow each other', async () => {
  const now = new Date().toISOString();
  const due = (await get(`/api/cards/due?lesson=fixture-lesson&now=${encodeURIComponent(now)}`)).json();
  assert.deepEqual(due.map((c: any) => [c.cardId, c.state, c.reps]), [['fixture-lesson/what-is-lr', 'new', 0], ['fixture-lesson/guess-loss', 'new', 0]]);
  assert.deepEqual(due[1].choices, ['yes', 'no']);
  assert.equal(due[1].experiment, 'toy');

  const before = (await get('/api/progress')).json();
  const reviewed = await postJson(port, '/api/reviews', { cardId: 'fixture-lesson/guess-loss', rating: 'good', answer: 0, correct: true });
  assert.equal(reviewed.status, 200, reviewed.text);
  const r = reviewed.json();
  assert.equal(r.cardId, 'fixture-lesson/guess-loss');
  assert.equal(r.reps, 1);
  assert.ok(Date.parse(r.due) > Date.parse(now));
  assert.notEqual(r.state, 'new');

  const dueNow = (await get('/api/cards/due')).json();
  assert.deepEqual(dueNow.map((c: any) => c.cardId), ['fixture-lesson/what-is-lr']);
  const dueLater = (await get(`/api/cards/due?now=${encodeURIComponent(r.due)}`)).json();
  assert.equal(dueLater[0].cardId, 'fixture-lesson/guess-loss', 'reviewed cards whose time came are listed first');
  assert.equal(dueLater[0].state, r.state);

  await postJson(port, '/api/runs', {
    ...goodRun,
    claims: [
      { id: 'small-loss', text: 't', passed: true, value: 1, expected: 'e' },
      { id: 'wide', text: 't', passed: false, value: 0, expected: 'e' },
      { id: 'removed-claim', text: 't', passed: true, value: 1, expected: 'e' },
    ],
  });
  const afterAll = (await get('/api/progress')).json();
  assert.equal(afterAll.runs, before.runs + 1);
  assert.equal(afterAll.reviewsToday, before.reviewsToday + 1);
  const p = afterAll.lessons['fixture-lesson'];
  assert.equal(p.runs, before.lessons['fixture-lesson'].runs + 1);
  assert.equal(p.claimsPassed, 1, 'only current claims that passed count');
  assert.equal(p.cardsReviewed, 1);
  assert.equal(p.cardsDue, 1);
  const listed = (await get('/api/lessons')).json()[0].progress;
  assert.deepEqual(listed, p);
});

test('review and due-card errors name the field', async () => {
  const post = (body: unknown) => postJson(port, '/api/reviews', body);
  await expectError(post({ cardId: 'fixture-lesson/what-is-lr', rating: 'great' }), 400, /rating: /);
  await expectError(post({ cardId: 'fixture-lesson/what-is-lr' }), 400, /rating/);
  await expectError(post({ cardId: 'fixture-lesson/what-is-lr', rating: 'good', now: 'yesterday' }), 400, /now = 'yesterday'.*ISO-8601/);
  await expectError(post({ cardId: 'fixture-lesson/nope', rating: 'good' }), 404, /cardId: no card 'fixture-lesson\/nope'/);
  await expectError(post({ cardId: 'nope', rating: 'good' }), 404, /no card 'nope'/);
  await expectError(post({ cardId: 'fixture-lesson/what-is-lr', rating: 'good', answer: 0 }), 400, /answer: .*recall card/);
  await expectError(post({ cardId: 'fixture-lesson/guess-loss', rating: 'good', answer: 2 }), 400, /answer: 2 is not a choice.*0 to 1/);
  await expectError(get('/api/cards/due?now=soon'), 400, /'now' = 'soon'/);
  await expectError(get('/api/cards/due?lesson=nope'), 404, /no lesson 'nope'/);
});

test('POST /api/lessons/:id/read marks a lesson read and back; progress shows when and the recall of its cards', async () => {
  const post = (id: string, body: unknown) => postJson(port, `/api/lessons/${id}/read`, body);
  const marked = await post('fixture-lesson', { read: true });
  assert.equal(marked.status, 200);
  const { readAt } = marked.json();
  assert.ok(Math.abs(Date.parse(readAt) - Date.now()) < 60_000, `readAt ${readAt}`);
  const p = (await get('/api/lessons/fixture-lesson')).json().progress;
  assert.equal(p.readAt, readAt);
  assert.ok(p.mastery >= 0 && p.mastery <= 1);
  assert.deepEqual((await post('fixture-lesson', { read: false })).json(), { lesson: 'fixture-lesson', readAt: null });
  assert.equal((await get('/api/lessons/fixture-lesson')).json().progress.readAt, null);
  await expectError(post('fixture-lesson', { read: 'yes' }), 400, /read/);
  await expectError(post('fixture-lesson', { read: true, extra: 1 }), 400, /extra/);
  await expectError(post('no-such-lesson', { read: true }), 404, /no lesson 'no-such-lesson'/);
});

test('GET /api/concepts gives mastery per glossary term over the cards that use it; due cards filter by concept', async () => {
  const concepts = (await get('/api/concepts')).json();
  assert.equal(concepts.length, 1, 'the fixture defines one term, loss');
  const [loss] = concepts;
  assert.equal(loss.term, 'loss');
  assert.deepEqual(loss.cards, ['fixture-lesson/guess-loss'], "only the predict card's text uses 'loss'");
  assert.ok(loss.mastery >= 0 && loss.mastery <= 1 && (loss.mastery > 0) === (loss.reviewed > 0), JSON.stringify(loss));
  const far = encodeURIComponent('2999-01-01T00:00:00Z');
  const due = (await get(`/api/cards/due?concept=LOSS&now=${far}`)).json();
  assert.deepEqual(due.map((c: { cardId: string }) => c.cardId), ['fixture-lesson/guess-loss'], 'any case names the term; only its cards come back');
  await expectError(get('/api/cards/due?concept=nope'), 404, /concept: 'nope' is not a glossary term/);
});
