// The tests every lesson owes, registered with one call from its lesson.test.ts: its claims hold on
// their seeds, its quick runs repeat exactly for a seed, its cards are well formed and predict cards
// grade a real run, bad configs and Stop fail clearly, and lesson.md's front matter fits the folder.
// What is particular to a lesson (its unit facts) stays in its own test file, next to this call.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { StoppedError, type Config, type DataSource, type ExperimentResult, type LessonModule } from '../../course/kit/index.ts';
import { nodeDataSource } from '../data-source.node.ts';
import { checkClaims, findExperiment, resolveConfig, runExperiment, runKey } from '../claims.ts';

export interface LessonContract {
  /** The lesson's prerequisites, as its front matter must list them. */
  prerequisites: readonly string[];
  /** Bounds on the words of lesson.md's body (math included). */
  words: readonly [min: number, max: number];
  /** Configs each experiment must refuse, with the message naming the field. */
  badConfigs: ReadonlyArray<readonly [experiment: string, overrides: Partial<Config>, message: RegExp]>;
  /** How many predict cards (default 1 to 3) and recall cards (default at least 5). */
  predictCards?: readonly [min: number, max: number];
  minRecallCards?: number;
  /** Figures that time this machine (wall-clock seconds), left out of the determinism check. */
  timedFigures?: readonly string[];
}

export interface LessonRuns {
  /** The real datasets, read from disk, for a lesson's own runs. */
  data: DataSource;
  /** A quick run of one experiment on one seed, shared with the claims' runs (each runs once). */
  cachedRun(experimentId: string, overrides: Partial<Config>, seed: number): Promise<ExperimentResult>;
  /** lesson.md's front matter and body. */
  lessonText(): { front: Record<string, unknown>; body: string };
}

/** Registers the shared tests for `lesson`, whose folder holds the test file at `testFileUrl`. */
export function lessonContract(lesson: LessonModule, testFileUrl: string, contract: LessonContract): LessonRuns {
  const folderPath = dirname(fileURLToPath(testFileUrl));
  const folder = basename(folderPath);
  const data = nodeDataSource();
  const cache = new Map<string, ExperimentResult>();

  async function cachedRun(experimentId: string, overrides: Partial<Config>, seed: number): Promise<ExperimentResult> {
    const exp = findExperiment(lesson, experimentId);
    const config = resolveConfig(exp, true, overrides);
    const key = runKey(lesson.id, exp.id, config, seed);
    if (!cache.has(key)) cache.set(key, await runExperiment(exp, config, seed, { data }));
    return cache.get(key)!;
  }

  function lessonText(): { front: Record<string, unknown>; body: string } {
    const text = readFileSync(`${folderPath}/lesson.md`, 'utf8');
    const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
    assert.ok(match, `${folder}/lesson.md must open with front matter between --- lines`);
    return { front: parse(match[1]!) as Record<string, unknown>, body: match[2]! };
  }

  test(`${folder}: every claim holds on its seeds`, async () => {
    const results = await checkClaims(lesson, { data, cache });
    assert.equal(results.length, lesson.claims.length);
    for (const r of results) assert.ok(r.passed, `claim '${r.id}' failed: value ${r.value}, expected ${r.expected}; ${r.detail ?? ''}`);
  });

  test(`${folder}: each experiment's quick variant is deterministic for a seed`, async () => {
    const timed = new Set(contract.timedFigures ?? []);
    const untimed = (r: ExperimentResult) => r.figures.filter((f) => !timed.has(f.id));
    for (const exp of lesson.experiments) {
      const first = await cachedRun(exp.id, {}, 1);
      const again = await runExperiment(exp, resolveConfig(exp, true), 1, { data });
      assert.deepEqual(again.metrics, first.metrics, `${exp.id}: two runs with seed 1 differ`);
      assert.deepEqual(untimed(again), untimed(first), `${exp.id}: figures differ between two runs with seed 1`);
    }
  });

  test(`${folder}: at least 4 claims and 6 cards, ids unique`, () => {
    assert.ok(lesson.claims.length >= 4, `${lesson.claims.length} claims`);
    assert.ok(lesson.cards.length >= 6, `${lesson.cards.length} cards`);
    assert.equal(new Set(lesson.claims.map((c) => c.id)).size, lesson.claims.length, 'claim ids are unique');
    assert.equal(new Set(lesson.cards.map((c) => c.id)).size, lesson.cards.length, 'card ids are unique');
  });

  test(`${folder}: enough recall cards, and predict cards pick a valid choice from a real result`, async () => {
    const [minPredict, maxPredict] = contract.predictCards ?? [1, 3];
    const predict = lesson.cards.filter((c) => c.kind === 'predict');
    assert.ok(predict.length >= minPredict && predict.length <= maxPredict, `${predict.length} predict cards, expected ${minPredict} to ${maxPredict}`);
    assert.ok(lesson.cards.filter((c) => c.kind === 'recall').length >= (contract.minRecallCards ?? 5));
    for (const card of predict) {
      if (card.kind !== 'predict') continue;
      const result = await cachedRun(card.experiment, card.config ?? {}, card.seed ?? 1);
      const choice = card.answer(result);
      assert.ok(Number.isInteger(choice) && choice >= 0 && choice < card.choices.length, `${card.id}: answer ${choice} is not an index into ${card.choices.length} choices`);
    }
  });

  test(`${folder}: bad configs are refused with an error naming the field`, async () => {
    assert.ok(contract.badConfigs.length > 0, 'name at least one bad config');
    for (const [id, overrides, message] of contract.badConfigs) {
      const exp = findExperiment(lesson, id);
      await assert.rejects(runExperiment(exp, resolveConfig(exp, true, overrides), 1, { data }), message);
    }
  });

  test(`${folder}: a stopped run throws StoppedError, in every experiment`, async () => {
    for (const exp of lesson.experiments) {
      const stop = new AbortController();
      stop.abort();
      await assert.rejects(runExperiment(exp, resolveConfig(exp, true), 1, { data, signal: stop.signal }), StoppedError, exp.id);
    }
  });

  test(`${folder}: lesson.md's front matter matches the folder and the text has its sections`, () => {
    const { front, body } = lessonText();
    assert.equal(front.id, lesson.id);
    assert.equal(`${String(front.number).padStart(2, '0')}-${front.id}`, folder);
    assert.equal(typeof front.title, 'string');
    assert.ok(Array.isArray(front.questions) && front.questions.length >= 1, 'quote the questions the lesson answers');
    const glossary = front.glossary as Array<{ term?: unknown; definition?: unknown }>;
    assert.ok(Array.isArray(glossary) && glossary.every((g) => typeof g.term === 'string' && typeof g.definition === 'string'));
    assert.deepEqual(front.prerequisites, contract.prerequisites);
    for (const heading of ['## Short answer', '## The deeper answer', '## Try this']) assert.ok(body.includes(heading), `missing '${heading}'`);
    const words = body.split(/\s+/).filter(Boolean).length;
    const [min, max] = contract.words;
    assert.ok(words >= min && words <= max, `lesson body has ${words} words, expected ${min} to ${max}`);
  });

  return { data, cachedRun, lessonText };
}
