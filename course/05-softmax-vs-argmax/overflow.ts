// Experiment: softmax written naively, exp(x) / Σ exp(x), against the stable form that subtracts
// the row maximum first, both built from engine ops in float32 (or float64), on random logits near
// +scale and −scale, each checked against a float64 reference computed here in plain JavaScript.
// A second table shows softmax's own slope vanishing in float32 once one logit leads by enough.

import { tensor, randn, manualSeed, softmax, type Tensor, type DType } from '../../engine/index.ts';
import { checkConfig, throwIfStopped, type Experiment, type Figure } from '../kit/index.ts';

export type OverflowConfig = { scale: number; dtype: string; classes: number };

/** Logit sizes the sweep tries; every row is a few units either side of +size or −size. */
export const SCALES = [1, 10, 30, 60, 100, 300, 1000] as const;
/** Gaps between two logits for the slope table. */
export const GAPS = [5, 10, 17, 20, 50, 100, 104, 110] as const;

export const naiveSoftmax = (x: Tensor): Tensor => {
  const e = x.exp();
  return e.div(e.sum({ dim: 1, keepdim: true }));
};

export const stableSoftmax = (x: Tensor): Tensor => {
  const e = x.sub(x.amax({ dim: 1, keepdim: true })).exp();
  return e.div(e.sum({ dim: 1, keepdim: true }));
};

const values = (t: Tensor): number[] => Array.from(t.toTypedArray(), Number);

/** The reference: stable softmax of each row in float64 arithmetic (JavaScript numbers). */
export function referenceSoftmax(xs: readonly number[], classes: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < xs.length / classes; r++) {
    const row = xs.slice(r * classes, (r + 1) * classes);
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    out.push(...e.map((v) => v / s));
  }
  return out;
}

interface Comparison { nan: number; inf: number; maxError: number }
/** NaN and ±Infinity entries, and the largest |p − reference| over the finite ones (−1 when none is finite). */
function compare(p: readonly number[], ref: readonly number[]): Comparison {
  let nan = 0, inf = 0, maxError = 0, finite = 0;
  p.forEach((v, i) => {
    if (Number.isNaN(v)) nan++;
    else if (!Number.isFinite(v)) inf++;
    else { finite++; maxError = Math.max(maxError, Math.abs(v - ref[i]!)); }
  });
  return { nan, inf, maxError: finite ? maxError : -1 };
}

/** The smallest whole number whose exp overflows to Infinity in this dtype (89 in float32, 710 in float64). */
function firstOverflow(dtype: DType): number {
  const xs = tensor(Array.from({ length: 1000 }, (_, i) => i + 1), { dtype });
  return values(xs.exp()).findIndex((v) => v === Infinity) + 1;
}

/** For logits [g, 0]: 1 − p₀ and ∂p₀/∂z₀ = p₀(1 − p₀) as autograd computes them through the engine's softmax. */
function slopeAtGap(gap: number, dtype: DType): { rest: number; slope: number } {
  const z = tensor([gap, 0], { dtype, requiresGrad: true });
  const p = softmax(z, 0);
  p.slice(0, 0, 1).sum().backward();
  return { rest: values(p)[1]!, slope: values(z.grad!)[0]! };
}

const params = [
  { key: 'scale', label: 'logit size for the first table (rows near +scale and −scale)', kind: 'number', min: 1, max: 5000, log: true },
  { key: 'dtype', label: 'floating-point type of the two softmaxes', kind: 'select', options: ['float32', 'float64'], help: 'exp overflows above about 88.7 in float32 and 709.8 in float64.' },
  { key: 'classes', label: 'logits per row', kind: 'integer', min: 2, max: 100 },
] as const;

export const overflow: Experiment<OverflowConfig> = {
  id: 'overflow',
  title: 'Naive vs stable softmax at large logits',
  summary:
    'Random logits near +scale and −scale, through exp(x)/Σexp(x) and through the same formula after subtracting the row maximum, each compared with a float64 reference. Large positive logits overflow exp to Infinity (Infinity/Infinity is NaN), large negative ones underflow it to 0 (0/0 is NaN); the stable form stays finite and right.',
  params,
  defaults: { scale: 1000, dtype: 'float32', classes: 10 },
  quick: {},
  async run(config, ctx) {
    checkConfig('overflow', params, config);
    throwIfStopped(ctx.signal);
    const { scale, classes } = config;
    const dtype = config.dtype as DType;
    manualSeed(ctx.seed);
    // One draw of offsets (std 3) reused at every size: row 0 near +size, row 1 near −size.
    const spread = randn([2, classes], { dtype: 'float64' }).mul(3);
    const metrics: Record<string, number> = {};
    const sweepRows: Array<Array<string | number>> = [];
    const show = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(3)) : String(v));
    const err = (v: number) => (v < 0 ? 'none finite' : show(v));

    const at = (size: number) => {
      const x = spread.add(tensor([[size], [-size]], { dtype: 'float64' })).to(dtype);
      const xs = values(x); // the logits as this dtype holds them, exactly, as JavaScript numbers
      const ref = referenceSoftmax(xs, classes);
      return { xs, ref, naive: compare(values(naiveSoftmax(x)), ref), stable: compare(values(stableSoftmax(x)), ref), engine: compare(values(softmax(x, 1)), ref) };
    };
    for (const size of SCALES) {
      throwIfStopped(ctx.signal);
      const { naive, stable } = at(size);
      metrics[`naive.s${size}.nan`] = naive.nan;
      metrics[`naive.s${size}.maxError`] = naive.maxError;
      metrics[`stable.s${size}.nonFinite`] = stable.nan + stable.inf;
      metrics[`stable.s${size}.maxError`] = stable.maxError;
      sweepRows.push([`±${size}`, naive.nan, err(naive.maxError), stable.nan + stable.inf, err(stable.maxError)]);
    }

    // The chosen size, entry by entry.
    const chosen = at(scale);
    metrics.naiveNanCount = chosen.naive.nan;
    metrics.naiveMaxError = chosen.naive.maxError;
    metrics.stableNonFinite = chosen.stable.nan + chosen.stable.inf;
    metrics.stableMaxError = chosen.stable.maxError;
    metrics.engineMaxError = chosen.engine.maxError;
    metrics.firstOverflowLogit = firstOverflow(dtype);
    const x = spread.add(tensor([[scale], [-scale]], { dtype: 'float64' })).to(dtype);
    const ns = values(naiveSoftmax(x)), ss = values(stableSoftmax(x));
    const rows: Array<Array<string | number>> = [];
    for (let r = 0; r < 2; r++) {
      for (let k = 0; k < Math.min(classes, 5); k++) {
        const i = r * classes + k;
        rows.push([r === 0 ? `near +${scale}` : `near −${scale}`, Number(chosen.xs[i]!.toFixed(3)), String(ns[i]), show(ss[i]!), show(chosen.ref[i]!)]);
      }
    }

    const gapRows = GAPS.map((g) => {
      const f32 = slopeAtGap(g, 'float32'), f64 = slopeAtGap(g, 'float64');
      metrics[`slope.g${g}.float32`] = f32.slope;
      metrics[`slope.g${g}.float64`] = f64.slope;
      return [g, show(f32.rest), show(f32.slope), show(f64.rest), show(f64.slope)];
    });

    const figures: Figure[] = [
      { id: 'values', title: `Softmax of logits near ±${scale} (${dtype}; first ${Math.min(classes, 5)} of ${classes} per row)`, kind: 'table', columns: ['row', 'logit', 'naive exp(x)/Σexp(x)', 'stable (max subtracted)', 'float64 reference'], rows },
      {
        id: 'sweep', title: `Naive and stable softmax in ${dtype} against the float64 reference, as the logits grow`, kind: 'table',
        columns: ['logits near', 'naive: NaN entries', 'naive: largest error (finite entries)', 'stable: non-finite entries', 'stable: largest error'],
        rows: sweepRows,
      },
      {
        id: 'slope', title: 'Softmax of two logits [g, 0]: the smaller probability and the slope ∂p₀/∂z₀ = p₀(1 − p₀), by autograd', kind: 'table',
        columns: ['gap g', 'float32: p₁', 'float32: slope', 'float64: p₁', 'float64: slope'],
        rows: gapRows,
      },
      { id: 'checks', title: 'Where exp overflows', kind: 'table', columns: ['check', 'value'], rows: [[`smallest whole x with exp(x) = ∞ in ${dtype}`, metrics.firstOverflowLogit!]] },
    ];
    ctx.log(`naive softmax at ±${scale} (${dtype}): ${chosen.naive.nan} NaN of ${2 * classes}; stable within ${chosen.stable.maxError.toExponential(2)} of the float64 reference`);
    return { metrics, figures };
  },
};
