// Experiment inference: what changes between a training step and inference on the same network.
// Counts what the training forward pass records (the graph backward will walk) against nothing under
// noGrad, shows dropout on in train() and off in eval(), and times both on this machine. Timings are
// figures only (they vary by machine and load); the counts are deterministic.

import { checkConfig, pacer, throwIfStopped, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { crossEntropy, fromTypedArray, inspectGraph, manualSeed, nn, noGrad, optim, tidy } from '../../engine/index.ts';
import { loadMnist } from './shared.ts';

export interface InferenceConfig {
  [key: string]: number | string | boolean;
  hidden: number;
  batchSize: number;
  dropout: number;
  repeats: number;
}

const params: readonly Param[] = [
  { key: 'hidden', label: 'hidden units per layer', kind: 'integer', min: 8, max: 1024 },
  { key: 'batchSize', label: 'images per batch', kind: 'integer', min: 1, max: 2000 },
  { key: 'dropout', label: 'dropout probability', kind: 'number', min: 0, max: 0.9 },
  { key: 'repeats', label: 'timed repeats of each pass', kind: 'integer', min: 3, max: 200 },
];

/** Ops whose output is a view of their input's storage, not new numbers. */
const VIEWS = new Set(['permute', 'reshape', 'view', 'expand', 'squeeze', 'unsqueeze', 'slice', 'transpose']);

/** Median wall-clock milliseconds of `repeats` calls. */
function medianMs(repeats: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export const inferenceExperiment: Experiment<InferenceConfig> = {
  id: 'inference',
  title: 'Training step vs inference: what the forward pass records, and what it costs',
  summary:
    'A 784-h-h-10 ReLU network with dropout, on a batch of MNIST test images. A training forward pass records a graph for backward and drops units at random; inference runs in eval() under noGrad, records nothing and is deterministic. The timing figure shows the cost of each on this machine.',
  params,
  defaults: { hidden: 256, batchSize: 256, dropout: 0.2, repeats: 20 },
  quick: { repeats: 5 },
  async run(config, ctx) {
    checkConfig('inference', params, config);
    const pace = pacer(ctx.signal);
    const { hidden, batchSize } = config;
    const d = await loadMnist(ctx, 1000, batchSize);
    throwIfStopped(ctx.signal);
    manualSeed(ctx.seed);
    const model = new nn.Sequential(new nn.Linear(784, hidden), new nn.ReLU(), new nn.Dropout(config.dropout), new nn.Linear(hidden, hidden), new nn.ReLU(), new nn.Dropout(config.dropout), new nn.Linear(hidden, 10));
    const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
    const x = fromTypedArray(d.testPixels, [batchSize, 784]);
    const y = fromTypedArray(d.testLabels, [batchSize]);
    const metrics: Record<string, number> = {};
    const nParams = model.parameters().reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
    metrics['parameters'] = nParams;

    // What a training forward pass records: every intermediate tensor backward will need.
    const saved = tidy(() => {
      model.train();
      const loss = crossEntropy(model.forward(x), y);
      const nodes = inspectGraph(loss).filter((n) => n.op !== 'leaf');
      // Views (a transposed weight) share their input's storage; count only freshly computed values.
      const computed = nodes.filter((n) => !VIEWS.has(n.op));
      return { ops: nodes.length, floats: computed.reduce((s, n) => s + n.shape.reduce((a, b) => a * b, 1), 0) };
    });
    metrics['train.graphOps'] = saved.ops;
    metrics['train.graphValues'] = saved.floats;
    const inferenceOps = tidy(() => {
      model.eval();
      const out = noGrad(() => model.forward(x));
      return out.gradFn ? inspectGraph(out).filter((n) => n.op !== 'leaf').length : 0;
    });
    metrics['inference.graphOps'] = inferenceOps;

    // Dropout: two training-mode passes differ, two eval-mode passes agree exactly.
    const outputs = (training: boolean) => tidy(() => {
      model.train(training);
      return noGrad(() => [0, 1].map(() => Float32Array.from(model.forward(x).toTypedArray())));
    });
    const differ = ([a, b]: Float32Array[]) => a!.reduce((s, v, i) => s + (v !== b![i] ? 1 : 0), 0) / a!.length;
    metrics['train.outputsThatDiffer'] = differ(outputs(true));
    metrics['eval.outputsThatDiffer'] = differ(outputs(false));
    await pace();

    // Timings (machine-dependent: a figure, never a metric).
    const timed = (label: string, fn: () => void) => [label, Number(medianMs(config.repeats, () => tidy(fn)).toFixed(2))] as [string, number];
    const bars: Array<[string, number]> = [];
    model.eval();
    bars.push(timed('inference: eval() + noGrad forward', () => void noGrad(() => model.forward(x).toTypedArray())));
    await pace();
    model.train();
    bars.push(timed('training forward (graph recorded)', () => void crossEntropy(model.forward(x), y).item()));
    await pace();
    bars.push(timed('training step: forward + backward + update', () => {
      const loss = crossEntropy(model.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }));
    opt.zeroGrad();
    ctx.log(`graph of a training forward pass: ${saved.ops} ops, ${saved.floats} computed numbers held for backward; inference records ${inferenceOps}`);
    const figures: Figure[] = [
      { id: 'timing', title: `Median time on this machine, batch of ${batchSize} (ms)`, kind: 'bar', xLabel: 'pass', yLabel: 'milliseconds', bars: bars.map(([label, value]) => ({ label, value })) },
      {
        id: 'what-differs', title: 'Training vs inference on the same network', kind: 'table', columns: ['', 'training', 'inference'],
        rows: [
          ['mode', 'model.train()', 'model.eval()'],
          ['gradient tape', `on: ${saved.ops} ops recorded; their computed outputs, ${saved.floats.toLocaleString('en-US')} numbers, are held until backward`, `off (noGrad): ${inferenceOps} ops recorded`],
          ['dropout', `on: ${(100 * metrics['train.outputsThatDiffer']!).toFixed(0)}% of outputs differ between two passes`, `off: ${(100 * metrics['eval.outputsThatDiffer']!).toFixed(0)}% differ`],
          ['what runs', 'forward, backward, optimizer step', 'forward only'],
        ],
      },
    ];
    return { metrics, figures };
  },
};
