// What a saved run is: the shape the CLI and the web lab record and the lab API returns, and the zod
// schema that checks one arriving over HTTP. Isomorphic (types and zod only).

import { z } from 'zod';
import type { Config, Figure, ProgressEvent } from '../course/kit/index.ts';
import type { ClaimResult } from './claims.ts';

export const runSources = ['cli', 'web'] as const;
export type RunSource = (typeof runSources)[number];
export const runStatuses = ['completed', 'stopped', 'failed'] as const;
export type RunStatus = (typeof runStatuses)[number];

/** A run as it is handed to the store (POST /api/runs body, or the CLI directly). */
export interface NewRun {
  lesson: string;
  experiment: string;
  source: RunSource;
  seed: number;
  quick: boolean;
  config: Config;
  status: RunStatus;
  seconds: number;
  metrics: Record<string, number>;
  figures: Figure[];
  progress: ProgressEvent[];
  /** Claims checked by this run, if any; a lesson's progress counts those of its latest such run. */
  claims: ClaimResult[];
  error?: string;
  /** ISO time the run began; the store uses now − seconds when absent. */
  startedAt?: string;
}

export interface RunRecord extends NewRun {
  id: number;
  startedAt: string;
}

/** What run lists carry: everything but the bulky figures and progress. */
export type RunSummary = Omit<RunRecord, 'figures' | 'progress' | 'error'>;

const KiB = 1024;
/**
 * The most bytes (UTF-8 JSON) a stored run may hold, per part; the store refuses a bigger run whole.
 * Every run lists its config, metrics and claims, so those stay small; figures and progress are only
 * read one run at a time. Measured on the course's quick runs: at most 0.7 KB of metrics, 1.9 KB of
 * claims, 0.2 KB of config, 79 KB of figures and 35 KB of progress (lesson 02's fit-1d), and progress
 * is already thinned to 2000 events, so these leave an order of magnitude or more of room.
 */
export const RUN_LIMITS = {
  config: 16 * KiB,
  metrics: 16 * KiB,
  claims: 32 * KiB,
  error: 16 * KiB,
  /** figures and progress together */
  details: 2048 * KiB,
} as const;

/** A run over RUN_LIMITS; `part` names what is too big. */
export class RunTooLargeError extends Error {
  constructor(readonly part: keyof typeof RUN_LIMITS, readonly bytes: number) {
    const what = part === 'details' ? 'figures and progress together' : part;
    super(`the run's ${what} take ${formatBytes(bytes)} as JSON, over the ${formatBytes(RUN_LIMITS[part])} a stored run may hold` +
      (part === 'details' ? ' (record fewer points per series)' : ''));
    this.name = 'RunTooLargeError';
  }
}

const formatBytes = (n: number): string => (n >= 1024 * KiB ? `${(n / (1024 * KiB)).toFixed(1)} MiB` : `${(n / KiB).toFixed(1)} KiB`);
const utf8 = new TextEncoder();

/** Throws a RunTooLargeError when any part of a run, given as its JSON text, is over RUN_LIMITS. */
export function checkRunSize(json: { config: string; metrics: string; claims: string; figures: string; progress: string; error?: string | null }): void {
  const bytes = (s: string | null | undefined) => (s ? utf8.encode(s).length : 0);
  for (const part of ['config', 'metrics', 'claims', 'error'] as const) {
    const n = bytes(json[part]);
    if (n > RUN_LIMITS[part]) throw new RunTooLargeError(part, n);
  }
  const details = bytes(json.figures) + bytes(json.progress);
  if (details > RUN_LIMITS.details) throw new RunTooLargeError('details', details);
}

// JSON has no NaN or Infinity: JSON.stringify turns them into null, so a diverged run's metrics
// arrive as null. Accepting null keeps such runs saveable; readers must expect it.
const num = z.number().nullable();
const name = z.string().min(1).max(200);

const seriesSchema = z.object({ name: z.string(), points: z.array(z.tuple([num, num])) });
const figureSchema = z.discriminatedUnion('kind', [
  z.object({ id: z.string(), title: z.string(), kind: z.enum(['line', 'scatter']), xLabel: z.string(), yLabel: z.string(), logY: z.boolean().optional(), series: z.array(seriesSchema) }),
  z.object({ id: z.string(), title: z.string(), kind: z.literal('bar'), xLabel: z.string(), yLabel: z.string(), bars: z.array(z.object({ label: z.string(), value: num })) }),
  z.object({ id: z.string(), title: z.string(), kind: z.literal('table'), columns: z.array(z.string()), rows: z.array(z.array(z.union([z.string(), num]))) }),
]);
const progressSchema = z.object({ series: z.string(), step: z.number(), totalSteps: z.number().optional(), metrics: z.record(z.string(), num) });
// `seeds` is optional: verdicts saved before it existed have none.
const claimResultSchema = z.object({
  id: name, text: z.string(), passed: z.boolean(), value: num, expected: z.string(), detail: z.string().optional(),
  seeds: z.array(z.number().int().min(0)).min(1).max(1000).optional(),
});

/** The POST /api/runs body. `config` is only checked to be an object here; the server then
 *  validates it against the experiment's params (lab/config.ts). */
export const newRunSchema = z.strictObject({
  lesson: name,
  experiment: name,
  source: z.enum(runSources),
  seed: z.number().int(),
  quick: z.boolean(),
  config: z.record(z.string(), z.unknown()),
  status: z.enum(runStatuses),
  seconds: z.number().min(0),
  metrics: z.record(z.string(), num),
  figures: z.array(figureSchema),
  progress: z.array(progressSchema),
  claims: z.array(claimResultSchema),
  error: z.string().optional(),
  startedAt: z.iso.datetime({ offset: true }).optional(),
});
