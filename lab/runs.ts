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
const claimResultSchema = z.object({ id: name, text: z.string(), passed: z.boolean(), value: num, expected: z.string(), detail: z.string().optional() });

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
