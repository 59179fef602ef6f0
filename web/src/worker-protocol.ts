// Messages between the page and the training worker (web/src/worker.ts). Every request carries an
// id and every reply names it, so a late message from a stopped run is recognised and dropped.

import type { ClaimResult } from '../../lab/claims.ts';
import type { ClaimVerdict, Config, ExperimentResult, ProgressEvent } from '../../course/kit/index.ts';

/** A claim's check applied to the learner's own run alone (null: the check needs several runs). */
export interface OwnVerdict {
  id: string;
  verdict: ClaimVerdict | null;
  seed: number;
  /** Settings where the learner's run differs from the claim's runs: "key: claim value → yours". */
  differs: string[];
}

export type WorkerRequest =
  | {
      type: 'run';
      id: number;
      lesson: string;
      experiment: string;
      quick: boolean;
      /** Values the learner set; the rest come from the defaults (and the quick variant). */
      overrides: Record<string, number | string | boolean>;
      seed: number;
      /** Check this experiment's claims after the run. */
      checkClaims: boolean;
    }
  | { type: 'predict'; id: number; lesson: string; card: string }
  | { type: 'stop'; id: number };

export type RunPhase = 'run' | 'claims';

/** Which engine backend the worker computes on ('wasm' unless WebAssembly SIMD is missing). */
export interface EngineInfo {
  backend: string;
  threads: number;
  /** The wasm backend's build of the kernels: 'relaxed' (fused multiply-add, where the browser has relaxed SIMD) or 'portable'; null on js. */
  kernels: string | null;
}

export type WorkerReply =
  /** The full config the run uses, after validation. */
  | { type: 'config'; id: number; config: Config; engine: EngineInfo }
  | { type: 'progress'; id: number; phase: RunPhase; event: ProgressEvent }
  | { type: 'log'; id: number; message: string }
  | { type: 'result'; id: number; result: ExperimentResult; seconds: number }
  | { type: 'own-claims'; id: number; verdicts: OwnVerdict[] }
  | { type: 'claims-start'; id: number; claims: string[] }
  | { type: 'claim'; id: number; claim: ClaimResult }
  | { type: 'answer'; id: number; answer: number; metrics: Record<string, number>; seconds: number }
  | { type: 'done'; id: number }
  | { type: 'stopped'; id: number; phase: RunPhase }
  | { type: 'failed'; id: number; phase: RunPhase; message: string };
