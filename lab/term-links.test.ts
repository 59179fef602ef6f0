// Glossary links in lesson text: the first use of each term in running text is linked, with the
// definition as its tooltip; headings, code, math and links are left alone; the longest term wins.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from './markdown.node.ts';
import { buildGlossary, glossaryLinks, termAnchor } from './glossary.ts';
import { loadLessons } from './lessons.node.ts';

const terms = [
  { term: 'ReLU', definition: 'max(0, x)', href: '/glossary#term-relu' },
  { term: 'dead ReLU', definition: 'a ReLU unit whose input is negative on every example', href: '/glossary#term-dead-relu' },
  { term: 'learning rate', definition: 'the step size "η" of <gradient> descent', href: '/glossary#term-learning-rate' },
];
const links = (html: string): string[] => [...html.matchAll(/<a class="term" href="([^"]+)"/g)].map((m) => m[1]!);

test('the first use of a term in running text is linked, with its definition escaped as the tooltip', () => {
  const html = renderMarkdown('Pick a learning rate. A second learning rate is not linked again.', terms);
  assert.deepEqual(links(html), ['/glossary#term-learning-rate']);
  assert.match(html, /title="the step size &quot;η&quot; of &lt;gradient&gt; descent">learning rate<\/a>/);
  assert.match(html, /A second learning rate is not linked again/);
});

test('whole words only, any case, plurals included; the longest overlapping term wins', () => {
  assert.deepEqual(links(renderMarkdown('ReLUfied units, pre-ReLU sums.', terms)), []);
  assert.deepEqual(links(renderMarkdown('Two Learning Rates.', terms)), ['/glossary#term-learning-rate']);
  assert.deepEqual(links(renderMarkdown('A dead ReLU, then a ReLU.', terms)), ['/glossary#term-dead-relu', '/glossary#term-relu']);
});

test('headings, code, math and existing links are left alone; lists, tables and emphasis are not', () => {
  const skipped = renderMarkdown('## ReLU\n\n`learning rate` and $\\text{ReLU}$ and [dead ReLU](/x)\n', terms);
  assert.deepEqual(links(skipped), []);
  const md = '- the *learning rate* here\n\n| unit |\n|---|\n| dead ReLU |\n\n**ReLU** again\n';
  assert.deepEqual(links(renderMarkdown(md, terms)), ['/glossary#term-learning-rate', '/glossary#term-dead-relu', '/glossary#term-relu']);
});

test('without terms the text renders unchanged', () => {
  const md = 'A learning rate with $x^2$ and `code`.';
  assert.equal(renderMarkdown(md, terms).replace(/<a class="term"[^>]*>(.*?)<\/a>/g, '$1'), renderMarkdown(md));
});

test('a lesson can keep a term it uses in another sense unlinked', () => {
  const glossary = buildGlossary([{ id: 'a', number: 1, title: 'A', glossary: [{ term: 'bias', definition: 'a learned offset' }] }]);
  assert.deepEqual(links(renderMarkdown('That is bias, not variance.', glossaryLinks(glossary))), ['/glossary#term-bias']);
  assert.deepEqual(links(renderMarkdown('That is bias, not variance.', glossaryLinks(glossary, ['Bias']))), []);
});

test('every lesson of the course links some glossary terms, each to an anchor the glossary page has', () => {
  const lessons = loadLessons();
  const glossary = buildGlossary(lessons);
  const anchors = new Set(glossary.map((t) => `/glossary#${termAnchor(t.term)}`));
  const known = new Set(glossary.map((t) => t.term.toLowerCase()));
  for (const lesson of lessons) {
    for (const term of lesson.unlinked) assert.ok(known.has(term.toLowerCase()), `${lesson.id}: unlinked '${term}' is not a glossary term`);
    const found = links(renderMarkdown(lesson.markdown, glossaryLinks(glossary, lesson.unlinked)));
    assert.ok(found.length >= 3, `${lesson.id}: only ${found.length} glossary terms linked`);
    for (const href of found) assert.ok(anchors.has(href), `${lesson.id}: link ${href} has no glossary entry`);
    assert.equal(new Set(found).size, found.length, `${lesson.id}: a term is linked twice`);
  }
});
