// "Try this" links in lesson text load an experiment's settings in one click (?experiment=…&key=value).
// Every such link must name an experiment of its lesson and only settings it has, with valid values:
// a broken link would open the panel with its values silently dropped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLessons } from '../../lab/lessons.node.ts';
import { readPanelState } from './url-state.ts';
import { decodeSettings } from './playground/settings.ts';
import type { LessonDetail } from './api.ts';

/** The panel's view of a lesson, built from the lesson module as the lab server builds it. */
function detail(lesson: ReturnType<typeof loadLessons>[number]): LessonDetail {
  const m = lesson.module;
  return {
    id: lesson.id,
    experiments: m.experiments.map((e) => ({ id: e.id, title: e.title, summary: e.summary, params: e.params, defaults: e.defaults, quick: e.quick })),
    claims: m.claims.map((c) => ({ id: c.id, text: c.text, experiment: c.experiment, seeds: [...c.seeds], config: c.config ?? {} })),
  } as unknown as LessonDetail;
}

test('every settings link in lesson text names an experiment and valid settings of its lesson', () => {
  let links = 0;
  for (const lesson of loadLessons()) {
    for (const m of lesson.markdown.matchAll(/\]\((?:\/lessons\/([a-z0-9-]+))?\?([^)#\s]*)(#[^)\s]*)?\)/g)) {
      links++;
      if (m[1]) assert.equal(m[1], lesson.id, `${lesson.id}: a settings link points at another lesson (${m[0]})`);
      const query = new URLSearchParams(m[2]);
      assert.ok(query.has('experiment'), `${lesson.id}: ${m[0]} must name its experiment`);
      const { state, problems } = readPanelState(query, detail(lesson));
      assert.deepEqual(problems, [], `${lesson.id}: ${m[0]}`);
      assert.equal(Object.keys(state.overrides).length + (query.has('quick') ? 1 : 0) + (query.has('seed') ? 1 : 0), [...query.keys()].length - 1, `${lesson.id}: every setting of ${m[0]} is used`);
    }
  }
  assert.ok(links >= 20, `only ${links} settings links in the course`);
});

test('every playground link in lesson text opens with valid settings', () => {
  let links = 0;
  for (const lesson of loadLessons()) {
    for (const m of lesson.markdown.matchAll(/\]\(\/playground\?([^)#\s]*)\)/g)) {
      links++;
      assert.deepEqual(decodeSettings(new URLSearchParams(m[1])).errors, [], `${lesson.id}: ${m[0]}`);
    }
  }
  assert.ok(links >= 3, `only ${links} playground links in the course`);
});
