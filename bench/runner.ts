// Runs the planned cells one engine process at a time (never two at once: they would share the
// cores) and turns every failure — a throw, a crash, a hang past the time box — into an error result.

import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ENGINES, familyOf, type Cell, type EngineName, type Mode, type Workload } from './config.ts';
import { summarize } from './stats.ts';
import { relaxedSimdSupported } from '../engine/backend/wasm/variant.ts';
import type { ChildJob, ChildMessage } from './child.ts';

export interface Result {
  workload: Workload;
  engine: EngineName;
  threads: number;
  unit: 'GFLOPS' | 'samples/s' | 'steps/s';
  value?: number;
  min?: number;
  max?: number;
  error?: string;
  /** The engine is not installed here (PyTorch without torch): `error` says why; not a failure. */
  skipped?: boolean;
  samples?: number[];
}

export interface RunOptions {
  /** Engine modules to load instead of the real ones (tests). */
  modules?: Partial<Record<EngineName, string>>;
  /** How long past the time box the parent waits before killing a silent engine (default 5 s). */
  graceSeconds?: number;
  /** Called as each figure arrives (progress). */
  onResult?: (r: Result) => void;
}

export interface RunOutput { results: Result[]; notes: Partial<Record<EngineName, string>> }

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
// Past the time box the child reports by itself (measure.ts); this much later the parent kills it.
const GRACE_SECONDS = 5;
const EXIT_SECONDS = 10;

const UNITS = { sgemm: 'GFLOPS', mlp: 'samples/s', cnn: 'samples/s', lstm: 'steps/s', gpt: 'steps/s' } as const;
export const unitOf = (w: Workload): Result['unit'] => UNITS[familyOf(w)];
export const nominalThreads = (e: EngineName): number => (e === 'gradschool-wasm-mt' || e === 'gradschool-wasm-dp' ? availableParallelism() : e === 'pytorch-2t' ? 2 : 1);

export async function runCells(cells: readonly Cell[], mode: Mode, opts: RunOptions = {}): Promise<RunOutput> {
  const results: Result[] = [];
  const notes: RunOutput['notes'] = {};
  for (const engine of ENGINES) {
    const workloads = cells.filter((c) => c.engine === engine).map((c) => c.workload);
    let threads = nominalThreads(engine);
    const add = (r: Omit<Result, 'engine' | 'threads' | 'unit'> & { threads?: number }): void => {
      const full: Result = { engine, unit: unitOf(r.workload), ...r, threads: r.threads ?? threads };
      results.push(full);
      opts.onResult?.(full);
    };
    // Each pass reports at least one workload (or all of them on an init failure), so this ends.
    while (workloads.length) {
      const before = workloads.length;
      const job: ChildJob = { engine, workloads: [...workloads], mode, module: opts.modules?.[engine] };
      const outcome = await runChild(job, opts.graceSeconds ?? GRACE_SECONDS, (m) => {
        if (m.type === 'init') {
          threads = m.threads;
          if (m.note) notes[engine] = m.note;
        } else if (m.type === 'result' || m.type === 'error') {
          workloads.splice(workloads.indexOf(m.workload), 1);
          if (m.type === 'error') add({ workload: m.workload, error: m.message });
          else {
            try {
              add({ workload: m.workload, ...summarize(m.samples), samples: m.samples, threads: m.threads });
            } catch (e) {
              add({ workload: m.workload, error: (e as Error).message });
            }
          }
        }
      });
      if (outcome.initError !== undefined) {
        const skipped = outcome.skipped ? { skipped: true } : {};
        for (const workload of workloads.splice(0)) add({ workload, error: outcome.initError, ...skipped });
      } else if (workloads.length && (outcome.failed || workloads.length === before)) {
        // The workload that was running when the process died or was killed.
        const workload = outcome.current ?? workloads[0];
        workloads.splice(workloads.indexOf(workload), 1);
        add({ workload, error: outcome.failed ?? 'the engine process ended without reporting this workload' });
      }
    }
  }
  return { results, notes };
}

interface Outcome { initError?: string; skipped?: boolean; failed?: string; current?: Workload }

function runChild(job: ChildJob, graceSeconds: number, onMessage: (m: ChildMessage) => void): Promise<Outcome> {
  return new Promise((resolve) => {
    // Relaxed SIMD is behind a V8 flag before Node 22: only the engine that needs it gets it.
    const flags = job.engine === 'gradschool-wasm-fma' && !relaxedSimdSupported() ? ['--experimental-wasm-relaxed-simd'] : [];
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', CHILD, JSON.stringify(job)], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const outcome: Outcome = {};
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    // Libraries print banners on stdout; drain both pipes so a chatty child never blocks.
    child.stdout!.on('data', () => {});
    child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
    const limit = job.mode.timeoutSeconds + graceSeconds;
    const arm = (what: string): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        outcome.failed = `timed out: no result within ${limit} s (${what}); killed`;
        child.kill('SIGKILL');
      }, limit * 1000);
    };
    arm('loading the engine');
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'init-error') {
        outcome.initError = m.message;
        outcome.skipped = m.skipped;
      }
      if (m.type === 'start') {
        outcome.current = m.workload;
        arm(`running ${m.workload}`);
      }
      if (m.type === 'result' || m.type === 'error') {
        outcome.current = undefined;
        // After its last workload the child only has to exit; do not wait a whole time box for that.
        if (m.workload === job.workloads[job.workloads.length - 1]) {
          clearTimeout(timer);
          timer = setTimeout(() => child.kill('SIGKILL'), EXIT_SECONDS * 1000);
        }
      }
      onMessage(m);
    });
    child.on('error', (e) => { outcome.failed ??= `could not start: ${e.message}`; });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (!outcome.failed && (code !== 0 || signal)) {
        const why = stderr.trim().split('\n').filter(Boolean).slice(-3).join(' | ').slice(0, 300);
        outcome.failed = `the engine process exited (${signal ?? `code ${code}`})${why ? ': ' + why : ''}`;
      }
      if (outcome.initError === undefined && !outcome.failed && outcome.current) {
        outcome.failed = 'the engine process ended without reporting this workload';
      }
      resolve(outcome);
    });
  });
}
