// Data-parallel training on the cores of one machine (Node): every thread holds a full replica of
// the model, built by the same module; each step splits the batch by rows, each replica runs
// forward and backward on its rows, the gradients are summed through shared memory, and every
// replica applies the same update. Per-op threading splits one matmul; this splits the whole step,
// so the elementwise ops, the small matmuls and the JavaScript between them run in parallel too.
//
//   // model.ts
//   export function replica(options) {
//     const net = new Net(), opt = new optim.Adam(net.parameters(), { lr: options.lr });
//     return { parameters: net.parameters(), keep: [net, opt],
//              loss: ([x, y]) => crossEntropy(net.call(x), y), zeroGrad: () => opt.zeroGrad(), update: () => opt.step() };
//   }
//   // train.ts
//   const dp = await dataParallel({ module: new URL('./model.ts', import.meta.url), options: { lr: 1e-3 } });
//   for (const [x, y] of loader) dp.step([x, y]);
//   dp.local.parameters … ; await dp.close();

import { Tensor } from '../tensor/tensor.ts';
import { ValueError, ShapeError } from '../errors.ts';
import { getBackendName, getWasmKernels, getNumThreads, setNumThreads } from '../backend/index.ts';
import { checkOptions } from '../options.ts';
import {
  ReplicaHost, allocateShared, FINISHED, LOADED, FAILED, BROKEN, COMMANDS, COMMAND, STEP, TOTAL, INPUTS_VERSION, Command, Waiter,
  type Replica, type ReplicaFactory,
} from './replica.ts';
import { bytesFor, checkInputs, pack, rowsOf } from './batch-wire.ts';
import type { WorkerInit, InputsMessage, FromWorker } from './replica-worker.ts';

export type { Replica, ReplicaFactory } from './replica.ts';

export interface DataParallelOptions {
  /** The module that builds a replica (a URL or file: URL string); every thread imports it. */
  module: URL | string;
  /** Its exported factory (default 'replica'). */
  exportName?: string;
  /** Passed to the factory on every replica (structured-cloned to the workers). */
  options?: unknown;
  /** Replicas, the calling thread's included (default: the machine's cores). */
  replicas?: number;
  /** Worker r seeds its generator with seed + r before building its replica (default 0x5eed). */
  seed?: number;
  /** A step that makes no progress for this long throws instead of hanging (default 120 000). */
  timeoutMs?: number;
}

const KEYS = ['module', 'exportName', 'options', 'replicas', 'seed', 'timeoutMs'] as const;
// Kept in a variable so bundlers do not try to bundle the Node-only worker as an asset.
const WORKER_ENTRY = './replica-worker.mjs';

type NodeWorker = import('node:worker_threads').Worker;

export class DataParallel {
  private k = 0;
  private loads = 0;
  private closed = false;
  private waiter: Waiter;
  private control: Int32Array;
  private meta: Int32Array;
  private inputs = new SharedArrayBuffer(0);
  private inputsVersion = 0;
  /** Why a worker is gone, heard between steps (a blocked caller cannot hear it during one). */
  private lost = '';

  /** @internal Built by dataParallel(). */
  constructor(private host: ReplicaHost, private workers: NodeWorker[], private threadsBefore: number, timeoutMs: number, meta: SharedArrayBuffer) {
    this.waiter = new Waiter(host.control, timeoutMs);
    this.control = host.control;
    this.meta = new Int32Array(meta);
  }

  /** This thread's replica: its parameters hold the trained weights (every replica's are equal). */
  get local(): Replica { return this.host.replica; }

  get replicas(): number { return this.host.count; }

  /**
   * One training step on a batch: the inputs (each with the batch along dim 0) are split by rows
   * across the replicas; returns the batch's mean loss. Throws, and updates no replica, when any
   * replica's share fails or the batch's loss is not finite (a TrainingError); throws on every
   * later step once an update has failed on one replica.
   */
  step(inputs: readonly Tensor[]): number {
    this.usable('step');
    if (!Array.isArray(inputs) || inputs.length === 0) throw new ValueError('dataParallel.step: inputs must be a non-empty array of tensors, each with the batch along dim 0');
    const notTensor = inputs.findIndex((t) => !(t instanceof Tensor));
    if (notTensor >= 0) throw new ValueError(`dataParallel.step: input ${notTensor} is not a tensor (got ${typeof inputs[notTensor]})`);
    const total = inputs[0].shape[0];
    for (const t of inputs) {
      if (t.shape.length === 0 || t.shape[0] !== total) {
        throw new ShapeError(`dataParallel.step: every input needs the same batch size along dim 0; got shapes ${inputs.map((u) => `[${u.shape.join(', ')}]`).join(', ')}`);
      }
    }
    if (total === 0) throw new ValueError('dataParallel.step: the batch is empty');
    checkInputs('dataParallel.step', inputs);
    this.ready(this.k);
    Atomics.store(this.control, FAILED, 0);
    const k = ++this.k, count = this.host.count;
    const { rows } = rowsOf(total, count, 0);
    if (count > 1) {
      // Only the workers' rows travel (none when the batch is smaller than the replicas: they idle).
      if (rows < total) this.packInputs(inputs, rows);
      Atomics.store(this.control, STEP, k);
      Atomics.store(this.control, TOTAL, total);
      this.command(Command.Step);
    }
    return this.host.step(k, rows > 0 ? inputs.map((t) => t.narrow(0, 0, rows)) : null, rows, total);
  }

  private packInputs(inputs: readonly Tensor[], from: number): void {
    const bytes = bytesFor(inputs, from);
    if (bytes > this.inputs.byteLength) {
      // A bigger buffer goes out by message, queued before the command that needs it.
      this.inputs = new SharedArrayBuffer(Math.max(bytes, 2 * this.inputs.byteLength));
      this.inputsVersion++;
      for (const w of this.workers) w.postMessage({ version: this.inputsVersion, buffer: this.inputs } satisfies InputsMessage);
      Atomics.store(this.control, INPUTS_VERSION, this.inputsVersion);
    }
    pack(inputs, from, this.inputs, this.meta);
  }

  /** Wakes the workers for one command (their next: the caller waits for each to finish first). */
  private command(c: Command): void {
    Atomics.store(this.control, COMMAND, c);
    Atomics.add(this.control, COMMANDS, 1);
    Atomics.notify(this.control, COMMANDS);
  }

  /** Copies this thread's weights to every replica: after you change them (loadStateDict, a reset). */
  broadcast(): void {
    this.everyWorker('broadcast', Command.Load, 'load the broadcast weights', () => this.host.storeWeights());
  }

  /** Runs every replica's reset() (state carried between batches, such as an RNN's), this thread's too. */
  reset(): void {
    this.everyWorker('reset', Command.Reset, 'reset their state', () => this.host.replica.reset?.());
  }

  /**
   * True when every replica's weights equal this thread's bit for bit, as they should after any
   * number of steps (a check for tests and for a replica factory you suspect of randomness).
   */
  inSync(): boolean {
    this.everyWorker('inSync', Command.Store, 'report their weights', () => {});
    return this.host.matchesSlots();
  }

  /** Between steps: this thread's part first, then one command every worker runs, awaited. */
  private everyWorker(what: string, c: Command, doing: string, first: () => void): void {
    this.usable(what);
    this.ready(this.k);
    first();
    this.loads++;
    this.command(c);
    this.waiter.until(LOADED, this.loads * this.workers.length, `the workers to ${doing}`);
  }

  /** Stops the workers and restores the kernel thread count; the local replica stays usable. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    if (getBackendName() === 'wasm') setNumThreads(this.threadsBefore);
  }

  /** @internal A worker exited on its own (not through close()). */
  workerExited(replica: number, code: number): void {
    if (!this.closed && !this.lost) this.lost = `replica ${replica}'s worker exited (code ${code})`;
  }

  private usable(what: string): void {
    if (this.closed) throw new ValueError(`dataParallel.${what}: the trainer is closed`);
    if (this.lost) throw new Error(`dataParallel.${what}: ${this.lost}; build a new trainer`);
    const broken = Atomics.load(this.host.control, BROKEN);
    if (broken) throw new Error(`dataParallel.${what}: the replicas are no longer in step (${this.host.message().replace('dataParallel: ', '')}); build a new trainer`);
  }

  /** Waits until every replica has finished step k (updated, and done reading the slots). */
  private ready(k: number): void {
    this.waiter.until(FINISHED, k * this.host.count, `the replicas to finish step ${k}`);
    const broken = Atomics.load(this.host.control, BROKEN);
    if (broken) this.usable('step');
  }
}

/**
 * Starts `replicas − 1` worker threads, builds a replica on each and one on this thread from
 * `module`'s factory, checks their parameters agree, and copies this thread's initial weights to
 * all. Each replica's kernels run on one thread while the trainer is open. Node only.
 */
export async function dataParallel(opts: DataParallelOptions): Promise<DataParallel> {
  checkOptions('dataParallel', opts, KEYS);
  const { exportName = 'replica', options, seed = 0x5eed, timeoutMs = 120_000 } = opts;
  const isNode = typeof process !== 'undefined' && !!process.versions?.node;
  if (!isNode) throw new ValueError('dataParallel: runs in Node only (a browser page splits work per op: setNumThreads)');
  const { Worker } = await import(/* @vite-ignore */ 'node:worker_threads');
  const { availableParallelism } = await import(/* @vite-ignore */ 'node:os');
  const replicas = opts.replicas ?? availableParallelism();
  if (!Number.isInteger(replicas) || replicas < 1) throw new ValueError(`dataParallel: replicas must be a positive integer, got ${replicas}`);
  if (!(opts.module instanceof URL) && typeof opts.module !== 'string') throw new ValueError('dataParallel: module must be a URL or a URL string (new URL(\'./model.ts\', import.meta.url))');
  const module = String(opts.module);

  const factory = (await import(module))[exportName] as ReplicaFactory | undefined;
  if (typeof factory !== 'function') throw new ValueError(`dataParallel: ${module} has no exported function '${exportName}'`);
  const local = await factory(options);
  checkReplica(local, module);
  const shapes = local.parameters.map((p) => [...p.shape]);
  const floats = local.parameters.reduce((s, p) => s + p.numel(), 0);
  const shared = allocateShared(replicas, floats, local.parameters.length);
  const host = new ReplicaHost(local, 0, replicas, shared, timeoutMs);

  const backend = getBackendName();
  const workers: NodeWorker[] = [];
  const started = Array.from({ length: replicas - 1 }, (_, i) => new Promise<void>((resolve, reject) => {
    const init: WorkerInit = { module, exportName, options, index: i + 1, count: replicas, backend, kernels: backend === 'wasm' ? getWasmKernels() : null, seed, timeoutMs, shared };
    const w = new Worker(new URL(WORKER_ENTRY, import.meta.url), { workerData: init });
    workers.push(w);
    w.unref();
    w.once('message', (m: FromWorker) => {
      if (m.type === 'error') return reject(new ValueError(`dataParallel: replica ${i + 1} could not be built from ${module}: ${m.message}`));
      const theirs = m.shapes.map((s) => `[${s.join(', ')}]`).join(' '), ours = shapes.map((s) => `[${s.join(', ')}]`).join(' ');
      if (theirs !== ours) return reject(new ShapeError(`dataParallel: replica ${i + 1}'s parameters (${theirs}) differ from replica 0's (${ours}); the factory must build the same model everywhere`));
      resolve();
    });
    w.once('error', (e: Error) => reject(new ValueError(`dataParallel: replica ${i + 1}'s worker failed: ${e.message}`)));
  }));
  try {
    await Promise.all(started);
  } catch (e) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  }
  const threadsBefore = getNumThreads();
  if (backend === 'wasm') setNumThreads(1);
  const dp = new DataParallel(host, workers, threadsBefore, timeoutMs, shared.meta);
  workers.forEach((w, i) => w.on('exit', (code: number) => dp.workerExited(i + 1, code)));
  dp.broadcast();
  return dp;
}

function checkReplica(r: Replica, module: string): void {
  const bad = (what: string) => new ValueError(`dataParallel: the replica ${module} built ${what}`);
  if (!r || typeof r !== 'object') throw bad('is not an object');
  if (!Array.isArray(r.parameters) || r.parameters.length === 0) throw bad('has no parameters array');
  if (typeof r.loss !== 'function') throw bad('has no loss(inputs) function');
  if (typeof r.update !== 'function') throw bad('has no update() function');
  for (const p of r.parameters) if (p.dtype !== 'float32') throw bad(`has a ${p.dtype} parameter of shape [${p.shape.join(', ')}] (float32 only)`);
}
