// The contract every engine file fulfils: load the library, then hand back one step per workload.
// The harness times steps; an engine only builds them (and throws when it cannot).

import type { Mode } from '../config.ts';
import type { Batch, Param, SeqBatch } from '../data.ts';

/** One unit of work: a matrix product, or one training step (forward, backward, optimizer update). */
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
  /**
   * The char-lstm or tiny-gpt step of data.ts (Adam / AdamW, clipping, cross-entropy over every
   * position), from `params`; the LSTM carries its detached state from step to step as char-lstm
   * does, and loss() scores from a zero state without touching it.
   */
  trainSeq?(kind: 'lstm' | 'gpt', batch: SeqBatch, params: Param[]): Promise<TrainSetup>;
  /**
   * Times a step this engine built, by measure.ts's rules, where the step really runs: PyTorch's
   * steps run in a Python process, and timing each from Node would add a round trip per step.
   */
  measure?(step: Step, workPerStep: number, mode: Mode, deadline: number): Promise<number[]>;
  /** Threads in use now, if that can change after init (a thread pool that starts lazily). */
  threadsNow?(): number;
  /** Frees what init and the workloads allocated (optional; the process ends anyway). */
  dispose?(): Promise<void>;
}

/** Thrown by init() when an optional peer is not installed: its rows are skipped, not failed. */
export class EngineUnavailable extends Error {}
