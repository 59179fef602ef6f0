// Experiment learning-rate: the same 784-64-10 ReLU network, from the same initial weights and the
// same batches, trained with plain SGD at learning rates from 0.001 to 10. Measures how far each run
// gets, which runs diverge, and the curvature (the Hessian's top eigenvalue) at the start, whose
// 2/λ is the exact stability limit for a quadratic and only a guide for a network.

import { batchStream, checkConfig, pacer, takeRows, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { crossEntropy, data, fromTypedArray, grad, nn, optim, randn, stepScopes, type Tensor } from '../../engine/index.ts';
import { evaluate, loadMnist, mlp } from './shared.ts';

export interface LearningRateConfig {
  [key: string]: number | string | boolean;
  trainSize: number;
  testSize: number;
  hidden: number;
  batchSize: number;
  steps: number;
  curvatureImages: number;
  powerIterations: number;
}

const params: readonly Param[] = [
  { key: 'trainSize', label: 'training images', kind: 'integer', min: 500, max: 60000, step: 500 },
  { key: 'testSize', label: 'test images', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'hidden', label: 'hidden units', kind: 'integer', min: 8, max: 256 },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 8, max: 512 },
  { key: 'steps', label: 'SGD steps per learning rate', kind: 'integer', min: 20, max: 5000, step: 10 },
  { key: 'curvatureImages', label: 'images for the curvature estimate', kind: 'integer', min: 100, max: 5000, step: 100 },
  { key: 'powerIterations', label: 'power iterations for the curvature', kind: 'integer', min: 5, max: 100 },
];

/** The sweep: half-decades from 10⁻³ to 10. */
export const LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10] as const;
/** A run diverges when a batch loss is not finite or passes this: ten times the ln 10 ≈ 2.3 a fresh network starts at. */
export const DIVERGED_LOSS = 10 * Math.log(10);

const flatDot = (a: Tensor[], b: Tensor[]): Tensor => a.map((t, i) => t.mul(b[i]!).sum()).reduce((s, t) => s.add(t));
const norm = (ts: Tensor[]): number => Math.sqrt(ts.reduce((s, t) => s + t.mul(t).sum().item(), 0));

/**
 * The Hessian's largest eigenvalue at the start of training, by power iteration: v ← Hv/‖Hv‖, with
 * Hv = ∇(∇L·v) from a second backward pass through the first (createGraph). Returns the Rayleigh quotient v·Hv.
 */
function sharpness(model: nn.Module, x: Tensor, y: Tensor, iterations: number, seed: number): number {
  const ps = model.parameters();
  let v = new data.Generator(seed).run(() => ps.map((p) => randn(p.shape)));
  let lambda = 0;
  for (let i = 0; i < iterations; i++) {
    const n = norm(v);
    v = v.map((t) => t.div(n));
    const g = grad(crossEntropy(model.forward(x), y), ps, { createGraph: true });
    const hv = grad(flatDot(g, v), ps);
    lambda = flatDot(hv, v).item();
    v = hv;
  }
  return lambda;
}

export const learningRateExperiment: Experiment<LearningRateConfig> = {
  id: 'learning-rate',
  title: 'A learning-rate sweep: too small crawls, too large diverges',
  summary:
    'One 784-64-10 ReLU network on MNIST, trained with plain SGD from the same start on the same batches at nine learning rates from 0.001 to 10. Watch the small rates crawl, a middle band learn, and the large rates blow up; the table puts the measured edge beside 2/λ, the stability limit the starting curvature gives.',
  params,
  defaults: { trainSize: 10000, testSize: 2000, hidden: 64, batchSize: 64, steps: 600, curvatureImages: 1000, powerIterations: 20 },
  quick: { trainSize: 3000, testSize: 1000, steps: 200, curvatureImages: 500, powerIterations: 15 },
  async run(config, ctx) {
    checkConfig('learning-rate', params, config);
    const pace = pacer(ctx.signal);
    const d = await loadMnist(ctx, config.trainSize, config.testSize);
    await pace();
    const metrics: Record<string, number> = {};
    const curves: Array<{ name: string; points: Array<[number, number]> }> = [];
    const rows: Array<Array<string | number>> = [];
    const evalEvery = Math.max(1, Math.round(config.steps / 40));

    metrics['init.trainLoss'] = evaluate(mlp(ctx.seed, config.hidden), d.trainPixels, d.trainLabels).loss;
    // Curvature at the start, on a fixed slice of the training set.
    const k = Math.min(config.curvatureImages, d.trainLabels.length);
    const lambda = sharpness(mlp(ctx.seed, config.hidden), fromTypedArray(d.trainPixels.subarray(0, k * 784), [k, 784]), fromTypedArray(d.trainLabels.subarray(0, k), [k]), config.powerIterations, ctx.seed + 1);
    metrics['sharpness.init'] = lambda;
    metrics['sharpness.limit'] = 2 / lambda;
    ctx.log(`top Hessian eigenvalue at the start: ${lambda.toFixed(2)}, so 2/λ = ${(2 / lambda).toFixed(3)}`);
    await pace();

    for (const lr of LRS) {
      const model = mlp(ctx.seed, config.hidden);
      const opt = new optim.SGD(model.parameters(), { lr });
      const next = batchStream(d.trainLabels.length, config.batchSize, ctx.seed);
      const scopes = stepScopes([model, opt]);
      const curve: Array<[number, number]> = [];
      let window: number[] = [], divergedAt = 0, maxLoss = 0;
      for (let step = 1; step <= config.steps; step++) {
        const idx = next();
        const loss = scopes.step(() => {
          const l = crossEntropy(model.forward(takeRows(d.trainPixels, 784, idx)), takeRows(d.trainLabels, 1, idx));
          opt.zeroGrad();
          l.backward();
          opt.step();
          return l.item();
        });
        maxLoss = Math.max(maxLoss, Number.isFinite(loss) ? loss : Infinity);
        if (!divergedAt && !(loss <= DIVERGED_LOSS)) divergedAt = step; // NaN fails the test too
        window.push(Math.min(Number.isFinite(loss) ? loss : DIVERGED_LOSS, DIVERGED_LOSS));
        if (step % evalEvery === 0 || step === config.steps || divergedAt === step) {
          const mean = window.reduce((s, x) => s + x, 0) / window.length;
          curve.push([step, mean]);
          window = [];
          ctx.progress({ series: `lr ${lr}`, step, totalSteps: config.steps, metrics: { 'training loss': mean } });
        }
        if (divergedAt) break; // nothing to learn from a run that has blown up
        await pace();
      }
      scopes.close();
      const train = evaluate(model, d.trainPixels, d.trainLabels);
      const test = evaluate(model, d.testPixels, d.testLabels);
      const diverged = divergedAt > 0 || !Number.isFinite(train.loss);
      // A diverged run is scored as chance and as the divergence loss, never as trained.
      const trainLoss = diverged ? DIVERGED_LOSS : train.loss;
      const testAcc = diverged ? 0.1 : test.accuracy;
      const key = `lr${lr}`;
      metrics[`${key}.trainLoss`] = trainLoss;
      metrics[`${key}.testAccuracy`] = testAcc;
      metrics[`${key}.diverged`] = diverged ? 1 : 0;
      metrics[`${key}.divergedAtStep`] = divergedAt;
      metrics[`${key}.lossAfter10`] = curve.length ? (curve.find(([s]) => s >= 10) ?? curve[curve.length - 1]!)[1] : DIVERGED_LOSS;
      curves.push({ name: `lr ${lr}`, points: curve });
      rows.push([lr, diverged ? `diverged at step ${divergedAt || config.steps}` : Number(trainLoss.toFixed(4)), Number((100 * testAcc).toFixed(1)), Number(Math.min(maxLoss, 1e6).toPrecision(3))]);
      ctx.log(`lr ${lr}: ${diverged ? `diverged at step ${divergedAt}` : `training loss ${trainLoss.toFixed(3)}, test accuracy ${(100 * testAcc).toFixed(1)}%`}`);
    }

    const finite = LRS.filter((lr) => !metrics[`lr${lr}.diverged`]);
    const best = finite.reduce((a, b) => (metrics[`lr${b}.trainLoss`]! < metrics[`lr${a}.trainLoss`]! ? b : a), finite[0] ?? LRS[0]);
    metrics['best.lr'] = best;
    metrics['best.trainLoss'] = metrics[`lr${best}.trainLoss`]!;
    metrics['best.testAccuracy'] = metrics[`lr${best}.testAccuracy`]!;
    metrics['largestStableLr'] = Math.max(0, ...finite);
    const divergedLrs = LRS.filter((lr) => metrics[`lr${lr}.diverged`]);
    metrics['smallestDivergingLr'] = divergedLrs.length ? Math.min(...divergedLrs) : 0; // 0: none diverged

    const figures: Figure[] = [
      { id: 'loss-curves', title: `Training loss at each learning rate (${DIVERGED_LOSS.toFixed(0)} = diverged)`, kind: 'line', xLabel: 'step', yLabel: 'training loss (mean of the batches since the last point)', logY: true, series: curves },
      {
        id: 'final-loss', title: `Training loss after ${config.steps} steps against the learning rate`, kind: 'line', xLabel: 'log₁₀ learning rate', yLabel: 'loss on the whole training set', logY: true,
        series: [
          { name: 'final training loss', points: LRS.map((lr) => [Math.log10(lr), metrics[`lr${lr}.trainLoss`]!] as [number, number]) },
          { name: '2/λ at the start', points: [[Math.log10(2 / lambda), 0.01], [Math.log10(2 / lambda), DIVERGED_LOSS]] },
        ],
      },
      { id: 'summary', title: 'Each learning rate after the run', kind: 'table', columns: ['learning rate', 'training loss', 'test accuracy (%)', 'largest batch loss'], rows },
      {
        id: 'curvature', title: 'The stability guide', kind: 'table', columns: ['quantity', 'value'],
        rows: [['top Hessian eigenvalue λ at the start', Number(lambda.toFixed(3))], ['2/λ', Number((2 / lambda).toFixed(4))], ['largest learning rate that did not diverge', metrics['largestStableLr']!], ['smallest learning rate that diverged', metrics['smallestDivergingLr'] || 'none']],
      },
    ];
    return { metrics, figures };
  },
};
