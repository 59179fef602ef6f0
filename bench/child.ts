// One engine's benchmark process: loads the engine, runs the workloads it is given in order and
// reports each over the IPC channel. A process per engine keeps heaps, JIT state and global
// backend choices apart, and lets the parent kill an engine that hangs.

import { pathToFileURL } from 'node:url';
import type { EngineName, Mode, Workload } from './config.ts';
import { build } from './workloads.ts';
import { measure } from './measure.ts';
import { loadEngine } from './engines/index.ts';
import { EngineUnavailable, type Engine } from './engines/types.ts';

export interface ChildJob {
  engine: EngineName;
  workloads: Workload[];
  mode: Mode;
  /** The path of another engine module to load instead (tests use it to inject a misbehaving engine). */
  module?: string;
}

export type ChildMessage =
  | { type: 'init'; threads: number; note?: string }
  | { type: 'init-error'; message: string; skipped?: boolean }
  | { type: 'start'; workload: Workload }
  | { type: 'result'; workload: Workload; samples: number[]; threads?: number }
  | { type: 'error'; workload: Workload; message: string };

const send = (m: ChildMessage): Promise<void> =>
  new Promise((resolve) => (process.send ? process.send(m, undefined, undefined, () => resolve()) : resolve()));

// A turn of the event loop, as any real program has between setup and work: lets engines finish
// asynchronous start-up (gradschool's thread pool loads node:worker_threads asynchronously).
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300);

async function main(job: ChildJob): Promise<void> {
  let engine: Engine;
  try {
    engine = job.module ? (await import(pathToFileURL(job.module).href)).create() : await loadEngine[job.engine]();
    const info = await engine.init();
    await yieldToEventLoop();
    await send({ type: 'init', threads: info.threads, note: info.note });
  } catch (e) {
    await send({ type: 'init-error', message: message(e), skipped: e instanceof EngineUnavailable });
    return;
  }
  for (const workload of job.workloads) {
    await send({ type: 'start', workload });
    const deadline = performance.now() / 1000 + job.mode.timeoutSeconds;
    try {
      const { step, work } = await build(engine, workload);
      await yieldToEventLoop();
      const samples = await (engine.measure ?? measure)(step, work, job.mode, deadline);
      await send({ type: 'result', workload, samples, threads: engine.threadsNow?.() });
    } catch (e) {
      await send({ type: 'error', workload, message: message(e) });
    }
  }
  await engine.dispose?.();
}

// Worker pools (wasm threads, onnxruntime) may keep the event loop alive: leave once reported.
main(JSON.parse(process.argv[2]) as ChildJob).then(
  () => process.exit(0),
  (e) => { console.error(e); process.exit(1); },
);
