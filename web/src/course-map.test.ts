// The course map's layout: every lesson placed once, inside its region and column, without overlap.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutMap, mapGroups, placeLesson, withPlannedLessons, wrapWords, type Box } from './course-map.ts';
import { courseMap } from '../../course/01-the-map/map.ts';

const inside = (b: Box, r: Box) => b.x >= r.x && b.y >= r.y && b.x + b.w <= r.x + r.w && b.y + b.h <= r.y + r.h;
const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

test('lessons land in their band and column, inside the nested regions, never overlapping', () => {
  const ids = ['the-map', 'what-is-a-neural-network', 'softmax-vs-argmax', 'ensembles', 'embeddings', 'generative-models', ...Array.from({ length: 14 }, (_, i) => `extra-${i}`)];
  const lessons = ids.map((id, i) => ({ id, number: i + 1, title: `Lesson about ${id}` }));
  const map = layoutMap(lessons);
  assert.equal(map.pills.length, lessons.length);
  for (const { lesson, box } of map.pills) {
    const [band, kind] = placeLesson(lesson.id);
    assert.ok(inside(box, map.regions[band]), `${lesson.id} inside ${band}`);
    if (band === 'ml') assert.ok(!overlap(box, map.regions.dl), `${lesson.id} outside deep learning`);
    if (band === 'ai') assert.ok(!overlap(box, map.regions.ml), `${lesson.id} outside machine learning`);
    if (band !== 'ai') {
      const col = map.columns.find((c) => c.kind.id === kind)!;
      assert.ok(box.x >= col.x && box.x + box.w <= col.x + col.w, `${lesson.id} in column ${kind}`);
    }
  }
  for (let i = 0; i < map.pills.length; i++)
    for (let j = i + 1; j < map.pills.length; j++) assert.ok(!overlap(map.pills[i]!.box, map.pills[j]!.box), `${map.pills[i]!.lesson.id} / ${map.pills[j]!.lesson.id}`);
  assert.ok(inside(map.regions.dl, map.regions.ml) && inside(map.regions.ml, map.regions.ai));
});

test('titles wrap on words and long ones end with an ellipsis', () => {
  assert.deepEqual(wrapWords('Softmax vs argmax', 30), ['Softmax vs argmax']);
  assert.deepEqual(wrapWords('What is a neural network', 12), ['What is a', 'neural…']);
});

test('the map shows every lesson of the course: built ones as given, the rest planned, each placed by lesson 01', () => {
  const built = [{ id: 'the-map', number: 1, title: 'The map', progress: 'x' }, { id: 'initialization', number: 8, title: 'Init', progress: 'y' }];
  const all = withPlannedLessons(built);
  assert.deepEqual(all.map((l) => l.number), courseMap.map((e) => e.number));
  assert.equal(all.filter((l) => 'planned' in l && l.planned).length, 26);
  assert.equal(all.find((l) => l.id === 'initialization'), built[1], 'a built lesson keeps its own fields (its progress)');
  for (const entry of courseMap) {
    const [band, kind] = placeLesson(entry.id);
    assert.equal(band.toUpperCase(), entry.circles[0], `${entry.id}: band is the outermost circle its experiments use`);
    assert.equal(kind, entry.paradigms[0], `${entry.id}: column is its main paradigm`);
  }
  const map = layoutMap(all);
  assert.equal(map.pills.length, 28);
  // No lesson is about reinforcement learning: its deep-learning cell says so instead of staying blank.
  const rl = map.columns.find((c) => c.kind.id === 'reinforcement')!;
  assert.ok(map.empty.some((e) => e.band === 'dl' && e.x === rl.x));
  assert.ok(!map.pills.some(({ box }) => box.x >= rl.x && box.x < rl.x + rl.w && box.y > map.kindsY));
});

test('the narrow map groups every lesson once under its band and kind, in number order', () => {
  const all = withPlannedLessons([]);
  const groups = mapGroups(all);
  assert.deepEqual(groups.map((g) => g.band), ['ai', 'ml', 'dl']);
  const listed = groups.flatMap((g) => g.kinds.flatMap((k) => k.lessons.map((l) => ({ l, band: g.band, kind: k.kind.id }))));
  assert.equal(listed.length, all.length);
  for (const { l, band, kind } of listed) assert.deepEqual(placeLesson(l.id), [band, kind], l.id);
  for (const g of groups) for (const k of g.kinds) {
    assert.ok(k.lessons.length > 0, 'no empty kind is listed');
    assert.deepEqual(k.lessons.map((l) => l.number), [...k.lessons.map((l) => l.number)].sort((a, b) => a - b));
  }
});
