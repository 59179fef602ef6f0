// Experiment: the seed notes' 2×3 example, [[1,3,5],[2,4,1]], through the engine's argmax (flat,
// per column, per row, with keepdim) and softmax (per column, per row, at a temperature, shifted).
// No training and no randomness: the seed only exists because every run takes one.

import { tensor, softmax, type Tensor } from '../../engine/index.ts';
import { checkConfig, throwIfStopped, type Experiment, type Figure } from '../kit/index.ts';

export type ArgmaxExplorerConfig = { temperature: number; shift: number };

export const SEED_EXAMPLE = [
  [1, 3, 5],
  [2, 4, 1],
] as const;

// Temperatures for the sweep figure, evenly spaced in log T from 0.05 to 20.
const SWEEP = Array.from({ length: 41 }, (_, i) => 0.05 * 400 ** (i / 40));

const ints = (t: Tensor): number[] => Array.from(t.toTypedArray(), Number);
const floats = (t: Tensor): number[] => Array.from(t.toTypedArray(), Number);

/** Shannon entropy in nats of one probability vector. */
const entropy = (p: readonly number[]): number => -p.reduce((s, q) => s + (q > 0 ? q * Math.log(q) : 0), 0);

/** Largest |Σ p − 1| over the slices along dim of a 2-D probability table. */
function maxSumError(p: Tensor, dim: number): number {
  return Math.max(...floats(p.sum({ dim })).map((s) => Math.abs(s - 1)));
}

const params = [
  { key: 'temperature', label: 'temperature T (softmax of x / T)', kind: 'number', min: 0.05, max: 20, log: true, help: 'Below 1 sharpens the probabilities toward argmax; above 1 flattens them toward uniform.' },
  { key: 'shift', label: 'constant c added to every logit', kind: 'number', min: -1000, max: 1000, help: 'In exact arithmetic softmax(x + c) = softmax(x) for every c; in float32 the shifted logits are rounded, which can move a probability by about 1e-6.' },
] as const;

export const argmaxExplorer: Experiment<ArgmaxExplorerConfig> = {
  id: 'argmax-explorer',
  title: 'argmax and softmax on the example [[1,3,5],[2,4,1]]',
  summary:
    'The engine computes argmax over the flattened tensor, down the columns (dim 0) and along the rows (dim 1), and softmax over each dim. Slide the temperature to watch softmax sharpen toward argmax or flatten toward uniform; add a constant to every logit and watch the probabilities stay put (up to float32 rounding).',
  params,
  defaults: { temperature: 1, shift: 100 },
  quick: {},
  async run(config, ctx) {
    checkConfig('argmax-explorer', params, config);
    throwIfStopped(ctx.signal);
    const { temperature, shift } = config;
    const x = tensor(SEED_EXAMPLE.map((r) => [...r]), { dtype: 'float32' });
    const metrics: Record<string, number> = {};

    // argmax in its three forms, and the shapes keepdim gives.
    metrics['argmax.flat'] = x.argmax().item();
    ints(x.argmax(0)).forEach((v, j) => (metrics[`argmax.dim0.${j}`] = v));
    ints(x.argmax(1)).forEach((v, i) => (metrics[`argmax.dim1.${i}`] = v));
    const keep0 = x.argmax(0, true).shape, keep1 = x.argmax(1, true).shape;
    metrics['argmax.dim0.keepdimRows'] = keep0[0]!;
    metrics['argmax.dim0.keepdimCols'] = keep0[1]!;
    metrics['argmax.dim1.keepdimRows'] = keep1[0]!;
    metrics['argmax.dim1.keepdimCols'] = keep1[1]!;

    // softmax over each dim: a probability distribution per column (dim 0) or per row (dim 1).
    const p0 = softmax(x, 0), p1 = softmax(x, 1);
    metrics['softmax.dim0.maxSumError'] = maxSumError(p0, 0);
    metrics['softmax.dim1.maxSumError'] = maxSumError(p1, 1);
    // Softmax is increasing in each logit, so its argmax is the logits' argmax.
    metrics['softmax.dim0.argmaxMatches'] = Number(ints(p0.argmax(0)).every((v, j) => v === metrics[`argmax.dim0.${j}`]));
    metrics['softmax.dim1.argmaxMatches'] = Number(ints(p1.argmax(1)).every((v, i) => v === metrics[`argmax.dim1.${i}`]));

    // Shift invariance: e^(x+c) = e^c · e^x, and e^c cancels between numerator and denominator.
    const shifted = softmax(x.add(shift), 1);
    metrics['shift.maxAbsDiff'] = shifted.sub(p1).abs().max().item();
    metrics['shift.maxSumError'] = maxSumError(shifted, 1);

    // Temperature on the first row [1, 3, 5].
    const row = x.slice(0, 0, 1);
    const atT = floats(softmax(row.div(temperature), 1));
    metrics['temperature.entropy'] = entropy(atT);
    metrics['temperature.maxProbability'] = Math.max(...atT);
    const sweep = SWEEP.map((T) => floats(softmax(row.div(T), 1)));
    const sweepEntropy = sweep.map(entropy);
    metrics['temperature.sweepArgmaxMatches'] = Number(sweep.every((p) => p.indexOf(Math.max(...p)) === metrics['argmax.dim1.0']));
    metrics['temperature.entropyAtLowest'] = sweepEntropy[0]!;
    metrics['temperature.entropyAtHighest'] = sweepEntropy[sweepEntropy.length - 1]!;
    metrics['temperature.entropyIncreasing'] = Number(sweepEntropy.every((h, i) => i === 0 || h >= sweepEntropy[i - 1]!));

    const fmtRow = (vals: number[]) => vals.map((v) => Number(v.toFixed(4)));
    const figures: Figure[] = [
      {
        id: 'argmax', title: 'argmax of [[1,3,5],[2,4,1]]', kind: 'table', columns: ['call', 'result', 'shape with keepdim'],
        rows: [
          ['argmax(x) (flattened)', String(metrics['argmax.flat']), 'scalar'],
          ['argmax(x, dim 0): per column', `[${ints(x.argmax(0)).join(', ')}]`, `[${keep0.join(', ')}]`],
          ['argmax(x, dim 1): per row', `[${ints(x.argmax(1)).join(', ')}]`, `[${keep1.join(', ')}]`],
        ],
      },
      {
        id: 'softmax', title: 'softmax of the example over each dim', kind: 'table', columns: ['over', 'row 0', 'row 1'],
        rows: [
          ['dim 0 (each column sums to 1)', ...[0, 1].map((i) => `[${fmtRow(floats(p0.slice(0, i, i + 1))).join(', ')}]`)],
          ['dim 1 (each row sums to 1)', ...[0, 1].map((i) => `[${fmtRow(floats(p1.slice(0, i, i + 1))).join(', ')}]`)],
          [`dim 1 after adding c = ${shift}`, ...[0, 1].map((i) => `[${fmtRow(floats(shifted.slice(0, i, i + 1))).join(', ')}]`)],
          ['largest |change| from adding c', metrics['shift.maxAbsDiff']!, ''],
        ],
      },
      {
        id: 'temperature', title: 'softmax([1, 3, 5] / T) as the temperature changes', kind: 'line', xLabel: 'log₁₀ T', yLabel: 'probability',
        series: [0, 1, 2].map((k) => ({ name: `p(entry ${k}, logit ${SEED_EXAMPLE[0][k]})`, points: sweep.map((p, i) => [Math.log10(SWEEP[i]!), p[k]!] as [number, number]) })),
      },
      {
        id: 'entropy', title: 'Entropy of softmax([1, 3, 5] / T)', kind: 'line', xLabel: 'log₁₀ T', yLabel: 'entropy (nats; uniform over 3 is ln 3 ≈ 1.099)',
        series: [{ name: 'entropy', points: sweepEntropy.map((h, i) => [Math.log10(SWEEP[i]!), h] as [number, number]) }],
      },
    ];
    ctx.log(`argmax flat ${metrics['argmax.flat']}, per column [${ints(x.argmax(0))}], per row [${ints(x.argmax(1))}]; entropy at T=${temperature}: ${metrics['temperature.entropy']!.toFixed(3)} nats`);
    return { metrics, figures };
  },
};
