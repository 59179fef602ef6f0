// The contract every engine file fulfils: load the library, then hand back one step per workload.
// The harness times steps; an engine only builds them (and throws when it cannot).

import type { Batch, Param } from '../data.ts';

/** One unit of work: a matrix product, or one training step (forward, backward, SGD update). */
export type Step = () => unknown;

export interface TrainSetup {
  step: Step;
  /** The loss on the batch with the current weights (forward only); used to check engines agree. */
  loss(): number | Promise<number>;
}

export interface EngineInfo {
  /** Threads the engine computes with, as configured. */
  threads: number;
  /** Anything a reader must know to read this engine's figures (binary, semantics that differ). */
  note?: string;
}

export interface Engine {
  /** Loads the library and picks its backend and threads; throws when it cannot run here. */
  init(): Promise<EngineInfo>;
  /** C = A·B for n×n row-major float32 operands. */
  sgemm?(n: number, a: Float32Array, b: Float32Array): Promise<Step>;
  /** SGD (lr 0.01) on softmax cross-entropy for the MLP or CNN of data.ts, starting from `params`. */
  train?(kind: 'mlp' | 'cnn', batch: Batch, params: Param[]): Promise<TrainSetup>;
  /** Threads in use now, if that can change after init (a thread pool that starts lazily). */
  threadsNow?(): number;
  /** Frees what init and the workloads allocated (optional; the process ends anyway). */
  dispose?(): Promise<void>;
}
