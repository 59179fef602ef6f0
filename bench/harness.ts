// The whole benchmark as a function: plan the cells, run them, and describe the run (machine,
// versions, mode, data) so a table never travels without the conditions it was measured under.

import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { describeMode, plan, type EngineName, type Mode } from './config.ts';
import { CHARS, CLIP_NORM, CNN_BATCH, GPT_DIM, GPT_HEADS, GPT_LAYERS, LR, LSTM_EMBED, LSTM_HIDDEN, MLP_BATCH, SEED, SEQ_BATCH, SEQ_LEN, SEQ_LR } from './data.ts';
import { runCells, type Result, type RunOptions } from './runner.ts';

export const DATA_NOTE =
  `synthetic MNIST-shaped data (pixels uniform in [0, 1), labels uniform in 0–9, seed ${SEED}), one fixed batch reused ` +
  `every step; every engine starts from the same weights; SGD lr ${LR}, softmax cross-entropy (mean), ` +
  `batch ${MLP_BATCH} (MLP) / ${CNN_BATCH} (CNN); sgemm operands uniform in [-1, 1), GFLOPS = 2n³ / time; ` +
  `lstm-train and gpt-train are the char-lstm and tiny-gpt examples' steps on random characters (vocabulary ${CHARS}, ` +
  `batch ${SEQ_BATCH} × ${SEQ_LEN}): embedding ${LSTM_EMBED} → LSTM ${LSTM_HIDDEN} → linear with Adam, its state carried ` +
  `over detached; ${GPT_LAYERS} causal pre-LayerNorm blocks of ${GPT_DIM} dims and ${GPT_HEADS} heads with AdamW (decay 0.01, ` +
  `no learning-rate schedule); lr ${SEQ_LR}, gradients clipped to norm ${CLIP_NORM}; tfjs has no transformer layers, so gpt-train has no tfjs row`;

const PEERS = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'brain.js', 'onnxruntime-node'] as const;

function versions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const out: Record<string, string> = {};
  for (const name of PEERS) {
    try {
      // The package's own package.json, found from its entry point (some do not export it).
      let dir = require.resolve(name);
      for (;;) {
        dir = dir.slice(0, dir.lastIndexOf('/'));
        try {
          const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
          if (pkg.name === name) { out[name] = pkg.version; break; }
        } catch { /* keep climbing */ }
        if (!dir.includes('node_modules')) throw new Error('not found');
      }
    } catch {
      out[name] = 'missing';
    }
  }
  return out;
}

export interface BenchReport {
  results: Result[];
  notes: Partial<Record<EngineName, string>>;
  meta: Record<string, unknown>;
}

export async function runBench(mode: Mode, only: readonly string[] = [], opts: RunOptions = {}): Promise<BenchReport> {
  const cells = plan(mode, only);
  const meta: Record<string, unknown> = {
    date: new Date().toISOString(),
    mode: describeMode(mode),
    machine: `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores`,
    loadAverageAtStart: loadavg()[0],
    node: process.version,
    versions: versions(),
    data: DATA_NOTE,
  };
  const { results, notes } = await runCells(cells, mode, opts);
  meta.notes = notes;
  return { results, notes, meta };
}
