// Course search: every word must appear; titles and terms outrank passing mentions; each hit links
// where it lives (a section's heading anchor, a glossary entry, the lesson's quiz cards).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { searchCourse, searchable, type SearchableLesson } from './search.ts';
import { renderMarkdown } from './markdown.node.ts';
import { loadLessons } from './lessons.node.ts';

const lessons: SearchableLesson[] = [
  {
    id: 'alpha', number: 1, title: 'Learning rates', questions: ['How large should the learning rate be?'],
    glossary: [{ term: 'learning rate', definition: 'The step size of gradient descent.' }],
    markdown: '## Short answer\n\nSmall steps crawl.\n\n### Too large: $\\eta > 2/\\lambda$\n\nThe loss diverges when the rate is too large, as the dead units show.\n',
    cards: [{ id: 'c1', front: 'What happens when the rate is **too large**?', back: 'It diverges.' }],
  },
  {
    id: 'beta', number: 2, title: 'Dead units', questions: ['What is a dead ReLU?'],
    glossary: [], markdown: '## Short answer\n\nA unit whose input is always negative.\n', cards: [],
  },
];

test('every word must appear, in any order and case; an empty query finds nothing', () => {
  assert.deepEqual(searchCourse(lessons, ''), []);
  assert.deepEqual(searchCourse(lessons, 'rate banana'), []);
  const hits = searchCourse(lessons, 'LARGE diverges');
  assert.deepEqual(hits.map((h) => h.kind).sort(), ['card', 'section']);
});

test('a title or term outranks a passing mention in the text', () => {
  const hits = searchCourse(lessons, 'rate');
  assert.deepEqual(hits.map((h) => h.kind), ['lesson', 'term', 'question', 'card', 'section']);
  const dead = searchCourse(lessons, 'dead');
  assert.equal(dead[0]!.lesson.id, 'beta', 'the lesson titled "Dead units" before a mention in another lesson');
});

test('hits link where they live, and a section link matches the id the rendered heading gets', () => {
  const section = searchCourse(lessons, 'diverges').find((h) => h.kind === 'section')!;
  assert.equal(section.title, 'Too large: \\eta > 2/\\lambda');
  const anchor = section.href.split('#')[1]!;
  assert.match(renderMarkdown(lessons[0]!.markdown), new RegExp(`<h3 id="${anchor}">`));
  assert.equal(searchCourse(lessons, 'step size')[0]!.href, '/glossary#term-learning-rate');
  assert.equal(searchCourse(lessons, 'diverges').find((h) => h.kind === 'card')!.href, '/quiz?lesson=alpha');
  assert.equal(searchCourse(lessons, 'diverges').find((h) => h.kind === 'card')!.title, 'What happens when the rate is too large?');
});

test('a long text gives a snippet around the match, not the whole section', () => {
  const long = { ...lessons[1]!, markdown: `## Long\n\n${'filler words here. '.repeat(40)}the needle sits here. ${'more filler. '.repeat(40)}` };
  const [hit] = searchCourse([long], 'needle');
  assert.ok(hit!.snippet.length <= 162 && hit!.snippet.includes('needle') && hit!.snippet.startsWith('…') && hit!.snippet.endsWith('…'), hit!.snippet);
});

test('the real course: a term finds its lesson, its glossary entry and its question', () => {
  const hits = searchCourse(loadLessons().map(searchable), 'dead relu');
  const kinds = new Set(hits.map((h) => h.kind));
  for (const k of ['term', 'question', 'section'] as const) assert.ok(kinds.has(k), `no ${k} hit for "dead relu"`);
  assert.ok(hits.some((h) => h.lesson.id === 'activations-and-vanishing-gradients'));
});
