// The lesson contract: what an experiment, a claim and a quiz card are. Every lesson folder
// implements these; the lab (runner, CLI, server, web worker) consumes them. Types only, plus
// nothing that touches Node or the DOM, so the same lesson code runs in Node and in a Web Worker.

import type { data } from '../../engine/index.ts';

type ImageSet = data.ImageSet;
type TabularSet = data.TabularSet;
type DigitsSet = data.DigitsSet;

/** One control of an experiment's config, as the web lab draws it and the CLI/API validate it. */
export type Param =
  | { key: string; label: string; kind: 'number' | 'integer'; min: number; max: number; step?: number; log?: boolean; help?: string }
  | { key: string; label: string; kind: 'select'; options: readonly string[]; help?: string }
  | { key: string; label: string; kind: 'boolean'; help?: string };

/** A config is a flat record of numbers, strings and booleans (so it fits a URL query string). */
export type Config = Record<string, number | string | boolean>;

/** Real datasets, loaded from disk in Node and fetched from the lab server in the browser. */
export interface DataSource {
  /** MNIST digits, images (N, 1, 28, 28) in [0, 1]; `limit` keeps the first N. */
  mnist(split: 'train' | 'test', limit?: number): Promise<ImageSet>;
  /** scikit-learn's 1,797 8×8 digits, features (N, 64) in 0–16. */
  digits(): Promise<DigitsSet>;
  iris(): Promise<TabularSet>;
  /** 442 patients, 10 standardized features, a disease-progression target (regression). */
  diabetes(): Promise<TabularSet>;
  breastCancer(): Promise<TabularSet>;
}

/** A point of a live series: one chart line per (series, metric), x = step. */
export interface ProgressEvent {
  /** Which line: e.g. 'cross-entropy', 'squared error', 'width 8'. */
  series: string;
  step: number;
  /** Steps this series will take, when known (drives the progress bar). */
  totalSteps?: number;
  /** e.g. { loss: 0.41, accuracy: 0.88 } */
  metrics: Record<string, number>;
}

export interface RunContext {
  seed: number;
  data: DataSource;
  progress(event: ProgressEvent): void;
  /** A line of commentary for the log ("trained width 16: mse 0.003"). */
  log(message: string): void;
  /** Aborted by Stop (web) or Ctrl-C (CLI): experiments check it between steps and throw `stopped()`. */
  signal: AbortSignal;
}

export interface Series {
  name: string;
  /** [x, y] points. */
  points: Array<[number, number]>;
}

/** What an experiment draws. Every figure can be shown as a table too (accessibility). */
export type Figure =
  | { id: string; title: string; kind: 'line' | 'scatter'; xLabel: string; yLabel: string; logY?: boolean; series: Series[] }
  | { id: string; title: string; kind: 'bar'; xLabel: string; yLabel: string; bars: Array<{ label: string; value: number }> }
  | { id: string; title: string; kind: 'table'; columns: string[]; rows: Array<Array<string | number>> };

export interface ExperimentResult {
  /** Flat named numbers the claims read and the CLI prints ("ce.stepsTo90": 180). */
  metrics: Record<string, number>;
  figures: Figure[];
}

export interface Experiment<C extends Config = Config> {
  /** Unique within its lesson, kebab-case ('ce-vs-mse'). */
  id: string;
  title: string;
  /** One or two sentences: what it trains and what to look for. */
  summary: string;
  params: readonly Param[];
  defaults: C;
  /** Overrides for a fast variant (CLI --quick, the test suite, the claims). */
  quick: Partial<C>;
  /** Deterministic for a given (config, ctx.seed). Public engine API only. */
  run(config: C, ctx: RunContext): Promise<ExperimentResult>;
}

export interface ClaimVerdict {
  passed: boolean;
  /** The measured number the verdict rests on (e.g. mean steps saved), shown beside the claim. */
  value: number;
  /** The expectation in words with its band ("≥ 1.2× fewer steps"). */
  expected: string;
  /** Per-seed numbers or other evidence, one line. */
  detail?: string;
}

/** A statement the lesson text makes, checked over several seeds of one experiment. */
export interface Claim {
  id: string;
  text: string;
  experiment: string;
  /** At least three: the seeds the claim runs on unless the lab is given others (`--claim-seeds`). */
  seeds: readonly number[];
  /** Config overrides on top of the experiment's quick variant (claims always run quick). */
  config?: Partial<Config>;
  /**
   * `results[i]` is the run on `seeds[i]`; any number of seeds may come (a sweep passes 1 or 3 at a
   * time, `--claim-seeds` a list of its own), so label per-seed numbers with `seeds`, not the claim's
   * own list: the lab replaces a detail that says "seed X" for a seed that did not run.
   */
  check(results: readonly ExperimentResult[], seeds: readonly number[]): ClaimVerdict;
}

export type Card =
  | { id: string; kind: 'recall'; front: string; back: string }
  | {
      id: string;
      kind: 'predict';
      /** The question the learner answers before running. */
      front: string;
      choices: readonly string[];
      experiment: string;
      config?: Partial<Config>;
      seed?: number;
      /** Which choice the experiment's (quick) result makes correct. */
      answer(result: ExperimentResult): number;
      /** Shown after the run: why. */
      back: string;
    };

/** What a lesson folder's modules export, gathered by course/index.ts. */
export interface LessonModule {
  id: string;
  experiments: readonly Experiment<any>[];
  claims: readonly Claim[];
  cards: readonly Card[];
}
