// A made-up lesson whose one metric is its seed (x = seed · scale), for tests of claim seeds and
// sweeps: every value a test expects can be worked out by hand from the seeds it passes.

import { mean, metricPerRun, perSeed, type Claim, type Experiment, type ExperimentResult, type LessonModule } from '../../course/kit/index.ts';
import type { Lesson } from '../lesson-file.node.ts';
import { fixtureLesson } from './fixture-lesson.ts';

/** Every seed the experiment ran on, in order (tests clear it). */
export const seedsRun: number[] = [];

export const seedExperiment: Experiment = {
  id: 'seed-echo',
  title: 'Seed echo',
  summary: 'Reports its seed times the scale.',
  params: [{ key: 'scale', label: 'scale', kind: 'integer', min: 1, max: 10 }],
  defaults: { scale: 1 },
  quick: {},
  run: async (config, ctx) => {
    seedsRun.push(ctx.seed);
    return { metrics: { x: ctx.seed * (config.scale as number) }, figures: [] };
  },
};

const OWN = [1, 2, 3] as const;
const xs = (rs: readonly ExperimentResult[]) => metricPerRun(rs, 'x');
/** Passes when every x is below 10; its value is the mean x. */
const below10 = (rs: readonly ExperimentResult[]) => ({ passed: xs(rs).every((x) => x < 10), value: mean(xs(rs)), expected: 'every x < 10' });

export const seededClaims: Claim[] = [
  // Labels its per-seed numbers with the seeds it is given.
  { id: 'aware', text: 'x stays below 10.', experiment: 'seed-echo', seeds: OWN, check: (rs, seeds) => ({ ...below10(rs), detail: `x ${perSeed(seeds, xs(rs))}` }) },
  // Labels them with its own list, as lessons written before seeds were passed do.
  { id: 'stale', text: 'x stays below 10 (own labels).', experiment: 'seed-echo', seeds: OWN, check: (rs) => ({ ...below10(rs), detail: `x ${perSeed(OWN, xs(rs))}` }) },
  // Names no seed in its detail.
  { id: 'plain', text: 'x stays below 10 (no seeds named).', experiment: 'seed-echo', seeds: OWN, check: (rs) => ({ ...below10(rs), detail: `largest x ${Math.max(...xs(rs))}` }) },
  // Needs three runs at once, so it has no value on one seed alone.
  {
    id: 'three-at-once', text: 'x differs between runs.', experiment: 'seed-echo', seeds: OWN,
    check: (rs) => {
      if (rs.length < 3) throw new Error('needs three runs');
      return { passed: new Set(xs(rs)).size === rs.length, value: rs.length, expected: 'distinct x', detail: `seed ${OWN[0]} first` };
    },
  },
];

export const seededModule: LessonModule = { id: 'seeded-lesson', experiments: [seedExperiment], claims: seededClaims, cards: [] };

export const seededLesson: Lesson = { ...fixtureLesson, id: 'seeded-lesson', number: 98, title: 'Seeds', folder: '98-seeded-lesson', module: seededModule };
