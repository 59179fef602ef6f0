// The real course as the lab loads it: every registry lesson has valid front matter, math that
// KaTeX renders, configs (defaults, quick, claims, cards) that pass its own params, and a page in the API.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lessons as registry } from '../course/index.ts';
import { parseConfig } from './config.ts';
import { getLesson, loadLessons } from './lessons.node.ts';
import { renderMarkdown } from './markdown.node.ts';
import { startServer } from './server.node.ts';
import { request } from './testing/http-client.node.ts';

const lessons = loadLessons();

test('every registry lesson loads, in reading order, with unique ids', () => {
  assert.deepEqual(lessons.map((l) => l.id), registry.map((m) => m.id));
  for (let i = 1; i < lessons.length; i++) assert.ok(lessons[i]!.number > lessons[i - 1]!.number, `${lessons[i]!.id} comes after ${lessons[i - 1]!.id}`);
  assert.equal(getLesson(lessons[0]!.id), lessons[0]);
  assert.throws(() => getLesson('no-such-lesson'), new RegExp(`no lesson 'no-such-lesson' \\(lessons: ${lessons[0]!.id}`));
});

test('prerequisites are lesson ids, and those already written come earlier', () => {
  for (const l of lessons) {
    for (const p of l.prerequisites) {
      assert.match(p, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${l.id}: prerequisite '${p}' is not a lesson id`);
      const earlier = lessons.find((x) => x.id === p);
      if (earlier) assert.ok(earlier.number < l.number, `${l.id} needs ${p}, which comes later`);
    }
  }
});

test('every lesson text renders, math included', () => {
  for (const l of lessons) {
    const html = renderMarkdown(l.markdown);
    assert.ok(html.length > 0, l.id);
    const bad = /<span class="katex-error" title="([^"]*)"/.exec(html);
    assert.equal(bad, null, `${l.id}: KaTeX cannot render a formula: ${bad?.[1]}`);
  }
});

test("defaults, quick variants, claims' and cards' configs all pass the experiments' params", () => {
  for (const l of lessons) {
    const where = (s: string) => `lesson '${l.id}', ${s}`;
    for (const exp of l.module.experiments) {
      assert.doesNotThrow(() => parseConfig(exp, exp.defaults), where(`experiment '${exp.id}' defaults`));
      assert.doesNotThrow(() => parseConfig(exp, exp.quick), where(`experiment '${exp.id}' quick`));
      for (const p of exp.params) assert.ok(p.key in exp.defaults, where(`experiment '${exp.id}' has no default for param '${p.key}'`));
    }
    for (const c of l.module.claims) {
      const exp = l.module.experiments.find((e) => e.id === c.experiment);
      assert.ok(exp, where(`claim '${c.id}' names a missing experiment '${c.experiment}'`));
      assert.doesNotThrow(() => parseConfig(exp, c.config ?? {}, { quick: true }), where(`claim '${c.id}' config`));
    }
    for (const card of l.module.cards) {
      if (card.kind !== 'predict') continue;
      const exp = l.module.experiments.find((e) => e.id === card.experiment);
      assert.ok(exp, where(`card '${card.id}' names a missing experiment '${card.experiment}'`));
      assert.doesNotThrow(() => parseConfig(exp, card.config ?? {}, { quick: true }), where(`card '${card.id}' config`));
    }
  }
});

test('the lab server lists every lesson and serves each page', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradschool-lessons-'));
  const server = await startServer({ port: 0, dbPath: join(dir, 'lab.db'), webRoot: dir });
  try {
    const list = await request(server.port, 'GET', '/api/lessons');
    assert.deepEqual(list.json().map((l: { id: string }) => l.id), lessons.map((l) => l.id));
    for (const l of lessons) {
      const page = await request(server.port, 'GET', `/api/lessons/${l.id}`);
      assert.equal(page.status, 200, l.id);
      assert.equal(page.json().cards.length, l.module.cards.length);
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
