// What the harness page's worker is asked to do and what it answers; shared by page/worker.ts and
// the Node side (harness.ts, the test, the bench). Plain data only: it crosses postMessage and Playwright.

import type { Named } from './workloads.ts';

export type WorkerRequest =
  | { type: 'env' }
  /** threadedOps with each thread count (and on js), on the given build of the wasm kernels (default: as loaded). */
  | { type: 'threaded'; threads: number[]; kernels?: 'auto' | 'portable' | 'relaxed' }
  | { type: 'mlp' }
  /** GFLOP/s of an n×n matmul (default 512) on the given build of the wasm kernels (default: as loaded). */
  | { type: 'sgemm'; threads: number; n?: number; kernels?: 'auto' | 'portable' | 'relaxed' }
  | { type: 'experiment'; lesson: string; experiment: string; seed: number; kernels?: 'auto' | 'portable' | 'relaxed' }
  /** Samples/s of the bench's MLP training step (bench/data.ts) on one thread. */
  | { type: 'mlp-train'; kernels?: 'auto' | 'portable' | 'relaxed' };

export interface WorkerEnv {
  crossOriginIsolated: boolean;
  backend: string;
  /** getWasmKernels(): which build of the wasm kernels 'auto' gave ('relaxed' where Chromium has relaxed SIMD). */
  kernels: string | null;
  hardwareConcurrency: number;
  /** getNumThreads() right after setNumThreads(2). */
  threadsAfterSetTwo: number;
}

export interface ThreadedReply {
  results: Record<string, Named>;
  /** Workers the engine's thread pool constructed in this worker. */
  helpersSpawned: number;
  /** Helpers found asleep on the pool's task word: booted and waiting for work. */
  helpersWaiting: number;
}

export interface ExperimentReply {
  seconds: number;
  metrics: Record<string, number>;
}

/** The replies by request type. */
export interface WorkerReplies {
  env: WorkerEnv;
  threaded: ThreadedReply;
  mlp: number[];
  sgemm: number;
  experiment: ExperimentReply;
  'mlp-train': number;
}

/** What the page's main thread found (see page/main.ts). */
export interface MainThreadReport {
  crossOriginIsolated: boolean;
  /** getBackendName() as the page's first module ran, right after the engine loaded. */
  initialBackend: string;
  /** What setBackend('wasm') threw at that moment ('' if it did not throw). */
  earlySetBackendError: string;
  /** The backend once the page waited for the wasm compile, and how long that took. */
  backend: string;
  msUntilWasm: number;
  /** getNumThreads() after setNumThreads(2): the main thread may not block, so it never splits work. */
  threadsAfterSetTwo: number;
  wasm: Named;
  /** The same ops on a wasm backend built by loadWasmBackendAsync (the engine's fallback path). */
  asyncWasm: Named;
  js: Named;
}
