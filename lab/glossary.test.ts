// The glossary: terms merged across lessons (first definition in reading order, every defining
// lesson kept), alphabetical, looked up exactly or by part; and over the real course, every term
// of every lesson's front matter is there, each with a one-line definition.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGlossary, lookUpTerm, type GlossarySource } from './glossary.ts';
import { loadLessons } from './lessons.node.ts';

const lessons: GlossarySource[] = [
  { id: 'later', number: 7, title: 'Later', glossary: [{ term: 'dead ReLU', definition: 'Second wording.' }, { term: 'Epoch', definition: 'One pass over the data.' }] },
  { id: 'first', number: 2, title: 'First', glossary: [{ term: 'Dead ReLU', definition: 'A unit stuck at zero.' }, { term: 'ReLU', definition: 'max(0, z).' }] },
];

test('terms merge across lessons: the earliest lesson defines, later ones are listed; sorted ignoring case', () => {
  const g = buildGlossary(lessons);
  assert.deepEqual(g.map((t) => t.term), ['Dead ReLU', 'Epoch', 'ReLU']);
  assert.equal(g[0]!.definition, 'A unit stuck at zero.');
  assert.deepEqual(g[0]!.lessons.map((l) => l.id), ['first', 'later']);
});

test('look-up: an exact term alone (any case), else terms containing the query, else definitions; none for no match', () => {
  const g = buildGlossary(lessons);
  assert.deepEqual(lookUpTerm(g, 'relu').map((t) => t.term), ['ReLU']);
  assert.deepEqual(lookUpTerm(g, 'ReL').map((t) => t.term), ['Dead ReLU', 'ReLU']);
  assert.deepEqual(lookUpTerm(g, 'pass over').map((t) => t.term), ['Epoch']);
  assert.deepEqual(lookUpTerm(g, 'gradient'), []);
  assert.deepEqual(lookUpTerm(g, '  '), []);
});

test('the course glossary holds every lesson\'s terms, each a single line, each linked to a lesson that defines it', () => {
  const course = loadLessons();
  const g = buildGlossary(course);
  const defined = new Set(course.flatMap((l) => l.glossary.map((e) => e.term.toLowerCase())));
  assert.equal(g.length, defined.size);
  assert.ok(g.length >= 40, `${g.length} terms`);
  for (const t of g) {
    assert.ok(!t.definition.includes('\n') && t.definition.length <= 400, `${t.term}: one line, got ${t.definition.length} characters`);
    assert.ok(t.lessons.length >= 1 && t.lessons.every((l) => course.some((c) => c.id === l.id)), t.term);
  }
});
