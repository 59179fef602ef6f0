// Messages between the playground page and its worker (web/src/playground/worker.ts). The worker
// holds one training run; the page sends settings and play/pause/step/reset, the worker answers with
// its points when they change and a frame (metrics, boundary and unit grids) after each chunk of steps.

import type { PlaygroundSettings, Task } from './settings.ts';
import type { Metrics } from './trainer.ts';

export type PlaygroundRequest =
  /** New settings; the first one starts the run (paused). */
  | { type: 'settings'; settings: PlaygroundSettings }
  /** Train on; after early stopping, on from the restored best weights. */
  | { type: 'play' }
  | { type: 'pause' }
  /** One optimizer step (paused or not). */
  | { type: 'step' }
  /** A fresh net on the same settings (same seed: the same start). */
  | { type: 'reset' };

export type PlaygroundReply =
  | { type: 'ready'; backend: string }
  /** Labels are class indices, or targets for regression. */
  | { type: 'points'; trainXy: Float32Array; trainLabels: Float32Array; testXy: Float32Array; testLabels: Float32Array; task: Task; classes: number }
  | {
      type: 'frame';
      metrics: Metrics;
      running: boolean;
      task: Task;
      /** The prediction on a res × res grid, row 0 at the top: P(class 1), the `outputs` class probabilities of each cell, or the value. */
      boundary: Float32Array;
      outputs: number;
      res: number;
      /** Each hidden unit's output on a neuronRes × neuronRes grid: neurons[layer][unit]. */
      neurons: Float32Array[][];
      neuronRes: number;
      /** Units per layer in the net (the grids may show fewer). */
      widths: number[];
    }
  | { type: 'failed'; message: string };
