// One experiment run as the page sees it: starts the worker job, gathers progress (redrawn at most
// once per animation frame), the result and the claim verdicts, and saves the run to the lab
// server (POST /api/runs) when it completes, stops or fails.

import type { Config, ExperimentResult } from '../../course/kit/index.ts';
import { api, type ClaimInfo, type ClaimResult, type NewRun } from './api.ts';
import { startJob, type Job } from './lab-worker.ts';
import { downsampleProgress, ProgressLog } from './series.ts';
import type { Value } from './url-state.ts';
import type { EngineInfo, OwnVerdict } from './worker-protocol.ts';

export type RunStatus = 'idle' | 'running' | 'checking' | 'done' | 'stopped' | 'failed';

export interface ClaimRow {
  id: string;
  text: string;
  result: ClaimResult | 'waiting' | 'checking' | 'not checked';
  /** The settings the claim's own runs use, in words ("the quick variant, bug = none"). */
  settings?: string;
  /** The claim's check on the learner's own run, once it has finished. */
  own?: OwnVerdict;
}

export interface RunRequest {
  lesson: string;
  experiment: string;
  quick: boolean;
  seed: number;
  overrides: Record<string, Value>;
  checkClaims: boolean;
  /** This experiment's claims, listed before they are checked. */
  claims: readonly ClaimInfo[];
}

/** What a claim's runs use, in words: the quick variant plus whatever the claim sets itself. */
export function claimSettings(c: ClaimInfo): string {
  const own = Object.entries(c.config ?? {}).map(([k, v]) => `${k} = ${v}`);
  return `the quick variant${own.length ? `, ${own.join(', ')}` : ''}`;
}

/** Most progress events a saved run keeps (the API's limit is generous; charts need no more). */
const SAVED_EVENTS = 2000;

export class RunController {
  status = $state<RunStatus>('idle');
  /** Redraw counter for the live charts; the log itself is plain data. */
  version = $state(0);
  log = $state.raw(new ProgressLog());
  fraction = $state<number | null>(null);
  lastMessage = $state('');
  config = $state.raw<Config | null>(null);
  result = $state.raw<ExperimentResult | null>(null);
  /** The experiment's own run time (what a saved run records). */
  seconds = $state<number | null>(null);
  /** From Run to the end, as the learner waited: starting the worker, the run and the claim checks. */
  totalSeconds = $state<number | null>(null);
  claims = $state<ClaimRow[]>([]);
  error = $state<string | null>(null);
  savedId = $state<number | null>(null);
  saveError = $state<string | null>(null);
  request = $state.raw<RunRequest | null>(null);
  engine = $state.raw<EngineInfo | null>(null);

  #job: Job | null = null;
  #frame = 0;

  get busy(): boolean {
    return this.status === 'running' || this.status === 'checking';
  }

  /** Forgets the last run (another experiment was chosen). */
  reset(): void {
    if (this.busy) return;
    this.status = 'idle';
    this.log = new ProgressLog();
    this.result = null;
    this.error = null;
    this.savedId = null;
    this.saveError = null;
  }

  /** Shows a run's claims as not yet checked (before any run). */
  preview(claims: readonly ClaimInfo[]): void {
    if (this.busy) return;
    this.claims = claims.map((c) => ({ id: c.id, text: c.text, settings: claimSettings(c), result: 'not checked' }));
  }

  start(req: RunRequest): void {
    if (this.busy) return;
    this.request = req;
    this.status = 'running';
    this.log = new ProgressLog();
    this.version++;
    this.fraction = 0;
    this.lastMessage = 'starting the worker…';
    this.config = null;
    this.result = null;
    this.seconds = null;
    this.totalSeconds = null;
    this.error = null;
    this.savedId = null;
    this.saveError = null;
    this.claims = req.claims.map((c) => ({ id: c.id, text: c.text, settings: claimSettings(c), result: req.checkClaims ? 'waiting' : 'not checked' }));
    const startedAt = new Date();
    const t0 = performance.now();
    const { claims: _claims, ...job } = req;
    this.#job = startJob({ type: 'run', ...job }, (reply) => {
      switch (reply.type) {
        case 'config':
          this.config = reply.config;
          this.engine = reply.engine;
          this.lastMessage = 'training…';
          break;
        case 'progress':
          if (reply.phase === 'run') {
            this.log.add(reply.event);
            this.#schedule();
          }
          break;
        case 'log':
          this.lastMessage = reply.message;
          break;
        case 'result':
          this.result = reply.result;
          this.seconds = reply.seconds;
          this.#flush();
          break;
        case 'own-claims':
          for (const v of reply.verdicts) {
            const row = this.claims.find((c) => c.id === v.id);
            if (row) row.own = v;
          }
          break;
        case 'claims-start':
          this.status = 'checking';
          this.lastMessage = 'checking the claims (quick runs over several seeds)…';
          break;
        case 'claim': {
          const i = this.claims.findIndex((c) => c.id === reply.claim.id);
          if (i >= 0) this.claims[i] = { ...this.claims[i]!, result: reply.claim };
          const next = this.claims.find((c) => c.result === 'waiting');
          if (next) next.result = 'checking';
          break;
        }
        case 'done':
          this.#finish('done', startedAt, t0);
          break;
        case 'stopped':
          this.#finish(reply.phase === 'claims' ? 'done' : 'stopped', startedAt, t0);
          if (reply.phase === 'claims') this.lastMessage = 'stopped while checking the claims; the run itself completed';
          break;
        case 'failed':
          this.error = reply.message;
          this.#finish(reply.phase === 'claims' ? 'done' : 'failed', startedAt, t0);
          break;
      }
      // The first claim is being checked as soon as checking begins.
      if (reply.type === 'claims-start') {
        const first = this.claims.find((c) => c.result === 'waiting');
        if (first) first.result = 'checking';
      }
    });
  }

  stop(): void {
    if (!this.busy) return;
    this.lastMessage = 'stopping…';
    this.#job?.stop();
  }

  #schedule(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => this.#flush());
  }

  #flush(): void {
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.version++;
    this.fraction = this.log.fraction();
  }

  #finish(status: 'done' | 'stopped' | 'failed', startedAt: Date, t0: number): void {
    this.#flush();
    this.#job = null;
    for (const c of this.claims) if (c.result === 'waiting' || c.result === 'checking') c.result = 'not checked';
    this.status = status;
    // The status line says how it ended; keep only a message that adds to it.
    if (!this.lastMessage.startsWith('stopped while')) this.lastMessage = '';
    this.totalSeconds = (performance.now() - t0) / 1000;
    if (this.seconds === null) this.seconds = this.totalSeconds;
    void this.#save(status, startedAt);
  }

  async #save(status: 'done' | 'stopped' | 'failed', startedAt: Date): Promise<void> {
    const req = this.request;
    // A config the worker refused never ran: there is nothing to record.
    if (!req || !this.config) return;
    const body: NewRun = {
      lesson: req.lesson,
      experiment: req.experiment,
      source: 'web',
      seed: req.seed,
      quick: req.quick,
      config: this.config,
      status: status === 'done' ? 'completed' : status,
      seconds: Math.max(0, this.seconds ?? 0),
      metrics: this.result?.metrics ?? {},
      figures: this.result?.figures ?? [],
      progress: downsampleProgress(this.log.events, SAVED_EVENTS),
      claims: this.claims.flatMap((c) => (typeof c.result === 'string' ? [] : [$state.snapshot(c.result) as ClaimResult])),
      startedAt: startedAt.toISOString(),
    };
    if (this.error && status === 'failed') body.error = this.error;
    try {
      this.savedId = (await api.saveRun(body)).id;
    } catch (e) {
      this.saveError = (e as Error).message;
    }
  }
}
