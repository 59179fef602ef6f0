// Experiment: softmax written naively, exp(x) / Σ exp(x), on logits near ±scale, against the
// stable form exp(x − max x) / Σ exp(x − max x) and the engine's softmax. Both forms are built from
// engine ops here, so the difference is only where the max is subtracted.

import { tensor, randn, manualSeed, softmax, type Tensor, type DType } from '../../engine/index.ts';
import { checkConfig, throwIfStopped, type Experiment, type Figure } from '../kit/index.ts';

export type OverflowConfig = { scale: number; dtype: string; classes: number };

const naiveSoftmax = (x: Tensor): Tensor => {
  const e = x.exp();
  return e.div(e.sum({ dim: 1, keepdim: true }));
};

const stableSoftmax = (x: Tensor): Tensor => {
  const e = x.sub(x.amax({ dim: 1, keepdim: true })).exp();
  return e.div(e.sum({ dim: 1, keepdim: true }));
};

const values = (t: Tensor): number[] => Array.from(t.toTypedArray(), Number);
const allFinite = (t: Tensor): boolean => values(t).every(Number.isFinite);

/** The smallest whole number whose exp overflows to Infinity in this dtype (89 in float32, 710 in float64). */
function firstOverflow(dtype: DType): number {
  const xs = tensor(Array.from({ length: 1000 }, (_, i) => i + 1), { dtype });
  return values(xs.exp()).findIndex((v) => v === Infinity) + 1;
}

const params = [
  { key: 'scale', label: 'logit size (rows sit near +scale and −scale)', kind: 'number', min: 1, max: 5000, log: true },
  { key: 'dtype', label: 'floating-point type', kind: 'select', options: ['float32', 'float64'], help: 'exp overflows above about 88.7 in float32 and 709.8 in float64.' },
  { key: 'classes', label: 'logits per row', kind: 'integer', min: 2, max: 100 },
] as const;

export const overflow: Experiment<OverflowConfig> = {
  id: 'overflow',
  title: 'Naive vs stable softmax at large logits',
  summary:
    'Logits near +1000 make exp overflow to Infinity, and Infinity / Infinity is NaN; logits near −1000 make every exp underflow to 0, and 0 / 0 is NaN too. Subtracting the row maximum first changes nothing mathematically and keeps every number finite.',
  params,
  defaults: { scale: 1000, dtype: 'float32', classes: 10 },
  quick: {},
  async run(config, ctx) {
    checkConfig('overflow', params, config);
    throwIfStopped(ctx.signal);
    const { scale, classes } = config;
    const dtype = config.dtype as DType;
    manualSeed(ctx.seed);
    // Two rows: logits spread a few units around +scale, and around −scale.
    const spread = randn([2, classes], { dtype }).mul(3);
    const x = spread.add(tensor([[scale], [-scale]], { dtype }));
    const naive = naiveSoftmax(x), stable = stableSoftmax(x), engine = softmax(x, 1);

    const naiveValues = values(naive);
    const sums = values(stable.sum({ dim: 1 }));
    const metrics: Record<string, number> = {
      naiveIsFinite: Number(allFinite(naive)),
      naiveNanCount: naiveValues.filter(Number.isNaN).length,
      stableIsFinite: Number(allFinite(stable)),
      engineIsFinite: Number(allFinite(engine)),
      stableMaxSumError: Math.max(...sums.map((s) => Math.abs(s - 1))),
      stableMaxAbsDiffFromEngine: stable.sub(engine).abs().max().item(),
      firstOverflowLogit: firstOverflow(dtype),
    };

    const xs = values(x), ns = naiveValues, ss = values(stable), es = values(engine);
    const rows: Array<Array<string | number>> = [];
    for (let r = 0; r < 2; r++) {
      for (let k = 0; k < Math.min(classes, 5); k++) {
        const i = r * classes + k;
        rows.push([r === 0 ? `near +${scale}` : `near −${scale}`, Number(xs[i]!.toFixed(3)), String(ns[i]), Number(ss[i]!.toPrecision(4)), Number(es[i]!.toPrecision(4))]);
      }
    }
    const figures: Figure[] = [
      { id: 'values', title: `Softmax of logits near ±${scale} (${dtype}; first ${Math.min(classes, 5)} of ${classes} per row)`, kind: 'table', columns: ['row', 'logit', 'naive exp(x)/Σexp(x)', 'stable (max subtracted)', 'engine softmax'], rows },
      {
        id: 'checks', title: 'What each version returns', kind: 'table', columns: ['check', 'value'],
        rows: [
          ['naive: every probability finite?', metrics.naiveIsFinite ? 'yes' : 'no'],
          ['naive: NaN entries', metrics.naiveNanCount!],
          ['stable: every probability finite?', metrics.stableIsFinite ? 'yes' : 'no'],
          ['stable: largest |row sum − 1|', metrics.stableMaxSumError!],
          ['stable vs engine: largest difference', metrics.stableMaxAbsDiffFromEngine!],
          [`smallest whole x with exp(x) = ∞ in ${dtype}`, metrics.firstOverflowLogit!],
        ],
      },
    ];
    ctx.log(`naive softmax at ±${scale}: ${metrics.naiveNanCount} NaN of ${2 * classes}; stable differs from the engine by at most ${metrics.stableMaxAbsDiffFromEngine}`);
    return { metrics, figures };
  },
};
