// The harness page's worker: runs the engine where threads can work (a cross-origin-isolated
// page's Worker) and answers WorkerRequests. It counts the helper Workers the engine's thread pool
// starts, so the test can tell a real two-thread run from one the caller did alone.

import { getBackendName, getNumThreads, setNumThreads, getWasmKernels, setWasmKernels } from '../../../engine/index.ts';
import { lessons } from '../../../course/index.ts';
import { findExperiment, resolveConfig, runExperiment } from '../../../lab/claims.ts';
import { bytesDataSource } from '../../../lab/data-source.ts';
import { mlpLosses, mlpTrainSamplesPerSecond, sgemmGflops, threadedOpsBy } from './workloads.ts';
import type { WorkerReplies, WorkerRequest } from './protocol.ts';

// The pool spawns `new Worker(blob)` lazily and hands each helper its control words (a
// SharedArrayBuffer) by postMessage; wrapping Worker lets us see both without touching the engine.
let helpersSpawned = 0;
let control: Int32Array | null = null;
const BaseWorker = globalThis.Worker;
if (BaseWorker) {
  globalThis.Worker = class CountingWorker extends BaseWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      helpersSpawned++;
    }
    override postMessage(message: any, options?: any): void {
      if (message?.control instanceof SharedArrayBuffer) control = new Int32Array(message.control);
      super.postMessage(message, options);
    }
  };
}

/** Runs f on the asked build of the wasm kernels, then returns to the one the worker loaded. */
async function withKernels<T>(kernels: 'auto' | 'portable' | 'relaxed' | undefined, f: () => Promise<T>): Promise<T> {
  const loaded = getWasmKernels();
  if (kernels) setWasmKernels(kernels);
  try {
    return await f();
  } finally {
    if (loaded) setWasmKernels(loaded);
  }
}

/**
 * Helpers asleep on the pool's task word (index 0 of its control words, see threads.ts). A wake-up
 * between tasks is harmless: a helper finds no chunk to claim and sleeps again.
 */
async function helpersWaiting(): Promise<number> {
  // A helper that just finished a chunk needs a moment to go back to sleep.
  let n = 0;
  for (let i = 0; i < 50 && control && n === 0; i++) {
    n = Atomics.notify(control, 0);
    if (n === 0) await new Promise((r) => setTimeout(r, 20));
  }
  return n;
}

const data = bytesDataSource(async (path) => {
  const res = await fetch(`/data/${path}`);
  if (!res.ok) throw new Error(`GET /data/${path}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
});

async function answer(req: WorkerRequest): Promise<WorkerReplies[keyof WorkerReplies]> {
  switch (req.type) {
    case 'env': {
      const before = getNumThreads();
      setNumThreads(2);
      const reply: WorkerReplies['env'] = { crossOriginIsolated, backend: getBackendName(), kernels: getWasmKernels(), hardwareConcurrency: navigator.hardwareConcurrency, threadsAfterSetTwo: getNumThreads() };
      setNumThreads(before);
      return reply;
    }
    case 'threaded': {
      const results = await withKernels(req.kernels, () => threadedOpsBy(req.threads));
      return { results, helpersSpawned, helpersWaiting: await helpersWaiting() } satisfies WorkerReplies['threaded'];
    }
    case 'mlp':
      return mlpLosses();
    case 'sgemm':
      return withKernels(req.kernels, () => sgemmGflops(req.threads, 10, req.n));
    case 'mlp-train':
      return withKernels(req.kernels, () => mlpTrainSamplesPerSecond());
    case 'experiment': {
      const lesson = lessons.find((l) => l.id === req.lesson);
      if (!lesson) throw new Error(`no lesson '${req.lesson}'`);
      const exp = findExperiment(lesson, req.experiment);
      // Kept for the requests after (no switching back): a switch compiles the module afresh, and
      // fresh code starts unoptimized, which the next timed run would pay for.
      if (req.kernels) setWasmKernels(req.kernels);
      const started = performance.now();
      const result = await runExperiment(exp, resolveConfig(exp, true), req.seed, { data });
      return { seconds: (performance.now() - started) / 1000, metrics: result.metrics } satisfies WorkerReplies['experiment'];
    }
  }
}

onmessage = async (e: MessageEvent<{ id: number; req: WorkerRequest }>) => {
  const { id, req } = e.data;
  try {
    postMessage({ id, ok: true, value: await answer(req) });
  } catch (err) {
    postMessage({ id, ok: false, error: (err as Error)?.stack ?? String(err) });
  }
};
