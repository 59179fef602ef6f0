// Messages between the playground page and its worker (web/src/playground/worker.ts). The worker
// holds one training run; the page sends settings and play/pause/step/reset, the worker answers with
// its points when they change and a frame (metrics, boundary and unit grids) after each chunk of steps.

import type { PlaygroundSettings } from './settings.ts';
import type { Metrics } from './trainer.ts';

export type PlaygroundRequest =
  /** New settings; the first one starts the run (paused). */
  | { type: 'settings'; settings: PlaygroundSettings }
  | { type: 'play' }
  | { type: 'pause' }
  /** One optimizer step (paused or not). */
  | { type: 'step' }
  /** A fresh net on the same settings (same seed: the same start). */
  | { type: 'reset' };

export type PlaygroundReply =
  | { type: 'ready'; backend: string }
  | { type: 'points'; trainXy: Float32Array; trainLabels: Uint8Array; testXy: Float32Array; testLabels: Uint8Array }
  | {
      type: 'frame';
      metrics: Metrics;
      running: boolean;
      /** P(class 1) on a res × res grid, row 0 at the top. */
      boundary: Float32Array;
      res: number;
      /** Each hidden unit's output on a neuronRes × neuronRes grid: neurons[layer][unit]. */
      neurons: Float32Array[][];
      neuronRes: number;
      /** Units per layer in the net (the grids may show fewer). */
      widths: number[];
    }
  | { type: 'failed'; message: string };
