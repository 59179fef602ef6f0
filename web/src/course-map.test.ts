// The course map's layout: every lesson placed once, inside its region and column, without overlap.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutMap, placeLesson, wrapWords, type Box } from './course-map.ts';

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
