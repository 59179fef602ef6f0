// Reading lesson.md front matter: what a valid file gives, and the errors for broken ones.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLessonText, readLesson } from './lesson-file.node.ts';
import { fixtureModule } from './testing/fixture-lesson.ts';

const valid = `---
id: fixture-lesson
number: 99
title: A fixture
questions:
  - Does the lab work?
glossary:
  - term: loss
    definition: What training lowers.
prerequisites: [what-is-a-neural-network]
---

# Body

Text.
`;

test('front matter becomes metadata and the body is kept without it', () => {
  const l = parseLessonText(valid, 'lesson.md');
  assert.equal(l.id, 'fixture-lesson');
  assert.equal(l.number, 99);
  assert.deepEqual(l.questions, ['Does the lab work?']);
  assert.deepEqual(l.glossary, [{ term: 'loss', definition: 'What training lowers.' }]);
  assert.deepEqual(l.prerequisites, ['what-is-a-neural-network']);
  assert.equal(l.markdown, '# Body\n\nText.\n');
  const minimal = parseLessonText('---\nid: a\nnumber: 1\ntitle: T\nquestions: [Q?]\n---\nbody\n', 'x');
  assert.deepEqual([minimal.glossary, minimal.prerequisites, minimal.markdown], [[], [], 'body\n']);
});

test('broken front matter is reported with the file and the field', () => {
  assert.throws(() => parseLessonText('# no front matter', 'f.md'), /f\.md: no front matter/);
  assert.throws(() => parseLessonText('---\nid: [unclosed\n---\n', 'f.md'), /f\.md: front matter is not valid YAML/);
  assert.throws(() => parseLessonText(valid.replace(/questions:\n  - Does the lab work\?\n/, 'questions: []\n'), 'f.md'), /f\.md: invalid front matter: questions: /);
  assert.throws(() => parseLessonText(valid.replace('number: 99', 'number: two'), 'f.md'), /number: /);
  assert.throws(() => parseLessonText(valid.replace('title: A fixture\n', ''), 'f.md'), /title: /);
  assert.throws(() => parseLessonText(valid.replace('    definition: What training lowers.\n', ''), 'f.md'), /glossary\.0\.definition/);
  assert.throws(() => parseLessonText(valid.replace('title:', 'author: me\ntitle:'), 'f.md'), /author/);
});

test('readLesson checks the id and folder number against the registry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradschool-lesson-'));
  try {
    mkdirSync(join(dir, '99-fixture-lesson'));
    writeFileSync(join(dir, '99-fixture-lesson', 'lesson.md'), valid);
    const lesson = readLesson(fixtureModule, '99-fixture-lesson', dir);
    assert.equal(lesson.folder, '99-fixture-lesson');
    assert.equal(lesson.module, fixtureModule);
    assert.throws(() => readLesson({ ...fixtureModule, id: 'other' }, '99-fixture-lesson', dir), /front matter id 'fixture-lesson' differs from the registry id 'other'/);
    mkdirSync(join(dir, '98-fixture-lesson'));
    writeFileSync(join(dir, '98-fixture-lesson', 'lesson.md'), valid);
    assert.throws(() => readLesson(fixtureModule, '98-fixture-lesson', dir), /number 99 differs from the folder's number/);
    assert.throws(() => readLesson(fixtureModule, '97-missing', dir), /lesson 'fixture-lesson': cannot read .*97-missing/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
