// Experiment confidently-wrong: one example whose softmax puts probability p on a wrong class.
// Autograd gives each loss's gradient with respect to the logits as p sweeps from 0.5 to 0.9999;
// the closed forms from the text are computed beside it as a check.

import { checkConfig, pacer } from '../kit/index.ts';
import { crossEntropy, data, grad, rand, tensor } from '../../engine/index.ts';
import type { Experiment, Figure, Param } from '../kit/index.ts';
import { crossEntropyLogitGrad, softmaxSquaredError, squaredErrorLogitGrad, vectorNorm } from './losses.ts';

export interface ConfidentlyWrongConfig {
  [key: string]: number | string | boolean;
  classes: number;
  points: number;
  probe: number;
}

const params: readonly Param[] = [
  { key: 'classes', label: 'number of classes', kind: 'integer', min: 2, max: 100 },
  { key: 'points', label: 'confidence levels in the sweep', kind: 'integer', min: 5, max: 200 },
  { key: 'probe', label: 'probe confidence p (the metrics)', kind: 'number', min: 0.5, max: 0.99999, step: 0.0001 },
];

const P_MIN = 0.5;
const P_MAX = 0.9999;

/**
 * Probabilities with `p` on class `wrong` and the remaining 1 − p shared by the other classes in
 * seeded random proportions (so the true class holds only a sliver), and logits log(probabilities).
 */
function confidentlyWrong(p: number, wrong: number, shares: readonly number[]) {
  const probs = shares.map((s, c) => (c === wrong ? p : (1 - p) * s));
  return { probs, logits: probs.map(Math.log) };
}

interface Measured {
  p: number;
  ceNorm: number;
  seNorm: number;
  ceLoss: number;
  seLoss: number;
  /** Largest |autograd − closed form| over both losses' gradient components. */
  mismatch: number;
  ceGrad: number[];
  seGrad: number[];
}

function measure(p: number, classes: number, target: number, wrong: number, shares: readonly number[]): Measured {
  const { probs, logits } = confidentlyWrong(p, wrong, shares);
  // float64 so that the tiny squared-error gradients near p = 1 are not lost to rounding.
  const z = tensor([logits], { dtype: 'float64' });
  z.requiresGrad = true;
  const y = tensor([target], { dtype: 'int32' });
  const ce = crossEntropy(z, y);
  const se = softmaxSquaredError(z, y);
  const ceGrad = Array.from(grad(ce, [z])[0]!.toTypedArray());
  const seGrad = Array.from(grad(se, [z])[0]!.toTypedArray());
  const ceClosed = crossEntropyLogitGrad(probs, target);
  const seClosed = squaredErrorLogitGrad(probs, target);
  let mismatch = 0;
  for (let c = 0; c < classes; c++) mismatch = Math.max(mismatch, Math.abs(ceGrad[c]! - ceClosed[c]!), Math.abs(seGrad[c]! - seClosed[c]!));
  return { p, ceNorm: vectorNorm(ceGrad), seNorm: vectorNorm(seGrad), ceLoss: ce.item(), seLoss: se.item(), mismatch, ceGrad, seGrad };
}

/** "Nines" of confidence, −log₁₀(1 − p): 1 at p = 0.9, 3 at p = 0.999. */
const nines = (p: number): number => -Math.log10(1 - p);

export const confidentlyWrongExperiment: Experiment<ConfidentlyWrongConfig> = {
  id: 'confidently-wrong',
  title: 'The gradient when the model is confidently wrong',
  summary:
    'A single example whose softmax puts probability p on a wrong class. As p goes from 0.5 to 0.9999, cross-entropy’s gradient on the logits climbs toward a norm of √2, while squared error’s, passed through the softmax’s derivative, shrinks roughly in proportion to 1 − p.',
  params,
  defaults: { classes: 10, points: 60, probe: 0.999 },
  quick: { points: 20 },
  async run(config, ctx) {
    checkConfig('confidently-wrong', params, config);
    const { classes, points, probe } = config;
    const pace = pacer(ctx.signal);
    // The seed picks the true and the wrong class and how the leftover mass is spread.
    const gen = new data.Generator(ctx.seed);
    const [target, wrongOffset, raw] = gen.run(() => {
      const u = Array.from(rand([classes + 2]).toTypedArray());
      return [Math.floor(u[0]! * classes), 1 + Math.floor(u[1]! * (classes - 1)), u.slice(2).map((v) => 0.5 + v)] as const;
    });
    const wrong = (target + wrongOffset) % classes;
    const others = raw.reduce((s, v, c) => (c === wrong ? s : s + v), 0);
    const shares = raw.map((v, c) => (c === wrong ? 0 : v / others));
    ctx.log(`true class ${target}, confidently predicted class ${wrong}, ${classes} classes`);

    const sweep: Measured[] = [];
    for (let i = 0; i < points; i++) {
      const n = nines(P_MIN) + ((nines(P_MAX) - nines(P_MIN)) * i) / (points - 1);
      const m = measure(1 - 10 ** -n, classes, target, wrong, shares);
      sweep.push(m);
      ctx.progress({ series: 'cross-entropy', step: i + 1, totalSteps: points, metrics: { 'gradient norm': m.ceNorm } });
      ctx.progress({ series: 'squared error', step: i + 1, totalSteps: points, metrics: { 'gradient norm': m.seNorm } });
      await pace();
    }
    const atProbe = measure(probe, classes, target, wrong, shares);
    const at90 = measure(0.9, classes, target, wrong, shares);
    const peak = sweep.reduce((best, m) => (m.seNorm > best.seNorm ? m : best));

    const metrics: Record<string, number> = {
      'ce.gradNorm': atProbe.ceNorm,
      'se.gradNorm': atProbe.seNorm,
      gradRatio: atProbe.ceNorm / atProbe.seNorm,
      'ce.loss': atProbe.ceLoss,
      'se.loss': atProbe.seLoss,
      'ce.gradNormAt90': at90.ceNorm,
      'se.gradNormAt90': at90.seNorm,
      'se.peakP': peak.p,
      closedFormMaxError: Math.max(atProbe.mismatch, at90.mismatch, ...sweep.map((m) => m.mismatch)),
    };
    const line = (key: 'ceNorm' | 'seNorm' | 'ceLoss' | 'seLoss') => sweep.map((m): [number, number] => [nines(m.p), m[key]]);
    const figures: Figure[] = [
      {
        id: 'grad-norm', title: 'Size of the gradient on the logits vs confidence in the wrong class', kind: 'line', logY: true,
        xLabel: 'confidence in the wrong class, −log₁₀(1 − p)  (1 → p = 0.9, 3 → p = 0.999)', yLabel: '‖∂loss/∂logits‖',
        series: [{ name: 'cross-entropy', points: line('ceNorm') }, { name: 'squared error', points: line('seNorm') }],
      },
      {
        id: 'loss', title: 'The loss itself vs confidence in the wrong class', kind: 'line',
        xLabel: 'confidence in the wrong class, −log₁₀(1 − p)', yLabel: 'loss',
        series: [{ name: 'cross-entropy', points: line('ceLoss') }, { name: 'squared error', points: line('seLoss') }],
      },
      {
        id: 'components', title: `Gradient components at p = ${probe}`, kind: 'table',
        columns: ['class', 'role', 'probability', '∂CE/∂z', '∂SE/∂z'],
        rows: atProbe.ceGrad.map((g, c) => [
          c, c === target ? 'true class' : c === wrong ? 'predicted (wrong)' : 'other',
          Number(confidentlyWrong(probe, wrong, shares).probs[c]!.toPrecision(4)), Number(g.toPrecision(4)), Number(atProbe.seGrad[c]!.toPrecision(4)),
        ]),
      },
    ];
    ctx.log(`at p = ${probe}: cross-entropy gradient ${atProbe.ceNorm.toFixed(3)}, squared error ${atProbe.seNorm.toExponential(2)} (${metrics.gradRatio!.toFixed(0)}× smaller)`);
    return { metrics, figures };
  },
};
