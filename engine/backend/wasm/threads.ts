// Splitting a task's chunks across threads that share the kernels' wasm memory: worker_threads in
// Node, Web Workers in a cross-origin-isolated page's worker. The calling thread always takes part
// (as thread 0), so with no helpers ready a task simply runs on it. Workers start lazily, are
// unref'd (they never keep Node alive) and claim chunks from one atomic word, so a busy core
// never holds the others up.

import type { Kernels, KernelExports } from './instance.ts';
import { ValueError } from '../../errors.ts';

// Control words (Int32Array over a SharedArrayBuffer).
const GEN = 0; // bumped per task; idle workers sleep on it
const CLAIM = 1; // task generation (bits 20–30) · chunk count (10–19) · next chunk (0–9)
const DONE = 2; // chunks finished
const KIND = 3, DESC = 4, LIMIT = 5, ERROR = 6;
/** Chunks one task may have (the claim word's field width). */
export const MAX_CHUNKS = 1023;

// The worker's whole program, as plain JavaScript source (no imports, no transpiler helpers), so the
// same text runs under worker_threads (eval) and as a browser Worker (from a Blob). Word indices
// are the constants above; a worker with index ≥ LIMIT sits the task out.
const WORKER_SOURCE = `(function (init) {
  const k = new WebAssembly.Instance(new WebAssembly.Module(init.bytes), { env: { memory: init.memory } }).exports;
  const ctl = new Int32Array(init.control);
  let seen = 0;
  for (;;) {
    Atomics.wait(ctl, ${GEN}, seen);
    seen = Atomics.load(ctl, ${GEN});
    for (;;) {
      // LIMIT is read after the claim word: if the CAS below succeeds, both belong to one task.
      const w = Atomics.load(ctl, ${CLAIM}), n = (w >>> 10) & 1023, i = w & 1023;
      if (i >= n || init.index >= Atomics.load(ctl, ${LIMIT})) break;
      if (Atomics.compareExchange(ctl, ${CLAIM}, w, w + 1) !== w) continue;
      try { k.run(Atomics.load(ctl, ${KIND}), Atomics.load(ctl, ${DESC}), i, init.index); } catch (e) { Atomics.store(ctl, ${ERROR}, 1); }
      if (Atomics.add(ctl, ${DONE}, 1) + 1 === n) Atomics.notify(ctl, ${DONE});
    }
  }
})`;


const isNode = typeof process !== 'undefined' && !!process.versions?.node;
// The browser main thread may not block in Atomics.wait, so it never splits work.
const canBlock = isNode || (typeof window === 'undefined' && typeof SharedArrayBuffer !== 'undefined' && (globalThis as any).crossOriginIsolated === true);
let NodeWorker: (new (src: string, opts: object) => { unref(): void; on(event: string, f: () => void): void; terminate(): unknown }) | null = null;
let cores = (globalThis as any).navigator?.hardwareConcurrency ?? 1;
if (isNode) {
  // Dynamic, so browser bundles never see Node modules; resolved long before any big kernel runs.
  const load = (name: string): Promise<any> => import(/* @vite-ignore */ name);
  load('node:worker_threads').then((m) => { NodeWorker = m.Worker; }, () => {});
  load('node:os').then((m) => { cores = m.availableParallelism?.() ?? m.cpus().length; if (!explicit) wanted = cores; }, () => {});
}

let explicit = false;
let wanted = cores;
let kernels: Kernels | null = null;
let control: Int32Array | null = null;
let generation = 0;
let workers = 0; // started so far, numbered 1…workers
const started: { terminate(): unknown }[] = [];

/**
 * Hands the thread pool the kernels it runs. The first backend to load owns the pool (its workers
 * share that module's memory); a backend built later runs its tasks on the calling thread alone,
 * unless it `replaces` the first (setWasmKernels): then the old workers stop and new ones start lazily.
 */
export function attachKernels(k: Kernels, replaces = false): void {
  if (replaces && kernels && kernels !== k) {
    // No task is in flight: parallel() returns only when all its chunks are done.
    for (const w of started.splice(0)) w.terminate();
    workers = 0;
    control = null;
    kernels = k;
  }
  kernels ??= k;
}

const ownsPool = (own: KernelExports | undefined): boolean => !own || own === kernels?.exports;

/**
 * Sets how many threads matmul and convolution use (the caller counts as one). Fewer threads than
 * workers started leaves the extra workers asleep (each task tells workers past its count to sit
 * out), so a worker's index, which picks its scratch slot, is never reused by another.
 */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`setNumThreads: the thread count must be a positive integer, got ${n}`);
  explicit = true;
  wanted = n;
  // Start the workers now: a browser worker's own workers only begin once it yields to its event
  // loop, so starting them at the first big kernel could leave a synchronous loop on one thread.
  if (kernels && threadCount() > 1) ensureWorkers();
}

/** The threads a task may use now: what was asked for, where threads can run at all. */
export function threadCount(own?: KernelExports): number {
  return ownsPool(own) && kernels?.shared && canBlock && (NodeWorker || !isNode) ? wanted : 1;
}

export const getNumThreads = (): number => threadCount();

function spawn(index: number): boolean {
  const init = { bytes: kernels!.bytes, memory: kernels!.memory, control: control!.buffer, index };
  if (NodeWorker) {
    // No execArgv: the worker is plain JavaScript and needs none of the parent's loaders (tsx).
    const w = new NodeWorker(`${WORKER_SOURCE}(require('node:worker_threads').workerData)`, { eval: true, workerData: init, execArgv: [] });
    started.push(w);
    w.unref();
    // A worker that cannot start claims no chunk, so the caller just does them all; never crash on it.
    w.on('error', () => {});
    return true;
  }
  if (typeof Worker === 'undefined') return false;
  const w = new Worker(URL.createObjectURL(new Blob([`onmessage = (e) => ${WORKER_SOURCE}(e.data);`], { type: 'text/javascript' })));
  w.onerror = () => {};
  started.push(w);
  w.postMessage(init);
  return true;
}

function ensureWorkers(): void {
  control ??= new Int32Array(new SharedArrayBuffer(64));
  while (workers < threadCount() - 1 && spawn(workers + 1)) workers++;
}

/**
 * Runs chunks 0…chunks−1 of a task on up to `slots` threads (the workspaces the task laid out),
 * the caller included; returns when all are done.
 */
export function parallel(kind: number, desc: number, chunks: number, slots: number, own: KernelExports): void {
  const k = own;
  if (chunks <= 1 || slots <= 1 || threadCount(own) <= 1) {
    for (let c = 0; c < chunks; c++) k.run(kind, desc, c, 0);
    return;
  }
  if (chunks > MAX_CHUNKS) throw new RangeError(`parallel: ${chunks} chunks, at most ${MAX_CHUNKS}`);
  ensureWorkers();
  const ctl = control!;
  // Everything a worker reads for this task is written before the claim word that opens it.
  Atomics.store(ctl, KIND, kind);
  Atomics.store(ctl, DESC, desc);
  Atomics.store(ctl, LIMIT, slots);
  Atomics.store(ctl, ERROR, 0);
  Atomics.store(ctl, DONE, 0);
  generation = (generation + 1) & 0x7ff;
  Atomics.store(ctl, CLAIM, (generation << 20) | (chunks << 10));
  Atomics.add(ctl, GEN, 1);
  Atomics.notify(ctl, GEN);
  for (;;) {
    const w = Atomics.load(ctl, CLAIM), i = w & 1023;
    if (i >= chunks) break;
    if (Atomics.compareExchange(ctl, CLAIM, w, w + 1) !== w) continue;
    try { k.run(kind, desc, i, 0); } catch { Atomics.store(ctl, ERROR, 1); }
    Atomics.add(ctl, DONE, 1);
  }
  for (let d = Atomics.load(ctl, DONE); d < chunks; d = Atomics.load(ctl, DONE)) Atomics.wait(ctl, DONE, d);
  if (Atomics.load(ctl, ERROR)) throw new Error('wasm backend: a kernel failed on one of its threads');
}
