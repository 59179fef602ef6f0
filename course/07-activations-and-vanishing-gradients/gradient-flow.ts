// Experiment gradient-flow: one MNIST batch through fresh 10-layer MLPs with different activations
// and initializations; the size of the gradient reaching each hidden layer, and why it shrinks.

import { checkConfig, pacer } from '../kit/index.ts';
import { crossEntropy, manualSeed, tidy, data, randperm } from '../../engine/index.ts';
import type { Experiment, Figure, Param } from '../kit/index.ts';
import { DeepMlp, activate, flatMnist, geometricFactor, norm, rowsOf, type ActivationName, type InitName } from './shared.ts';

export interface GradientFlowConfig {
  [key: string]: number | string | boolean;
  depth: number;
  width: number;
  batchSize: number;
}

const params: readonly Param[] = [
  { key: 'depth', label: 'hidden layers', kind: 'integer', min: 3, max: 30 },
  { key: 'width', label: 'units per hidden layer', kind: 'integer', min: 16, max: 512 },
  { key: 'batchSize', label: 'images in the batch', kind: 'integer', min: 16, max: 2000 },
];

/** The arms: each activation with the initialization made for it, and two with nn.Linear's default. */
export const ARMS: ReadonlyArray<{ key: string; name: string; activation: ActivationName; init: InitName }> = [
  { key: 'sigmoid-xavier', name: 'sigmoid, Xavier', activation: 'sigmoid', init: 'xavier' },
  { key: 'sigmoid-default', name: 'sigmoid, default init', activation: 'sigmoid', init: 'default' },
  { key: 'tanh-xavier', name: 'tanh, Xavier', activation: 'tanh', init: 'xavier' },
  { key: 'relu-he', name: 'ReLU, He', activation: 'relu', init: 'he' },
  { key: 'relu-default', name: 'ReLU, default init', activation: 'relu', init: 'default' },
  { key: 'gelu-he', name: 'GELU, He', activation: 'gelu', init: 'he' },
];

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const erf = (x: number): number => {
  // Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7): enough for a derivative statistic.
  const s = Math.sign(x), a = Math.abs(x), t = 1 / (1 + 0.3275911 * a);
  return s * (1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a));
};
/** The activation's derivative at z, in plain arithmetic (what the chain rule multiplies by). */
export function derivative(name: ActivationName, z: number): number {
  switch (name) {
    case 'sigmoid': { const s = 1 / (1 + Math.exp(-z)); return s * (1 - s); }
    case 'tanh': return 1 - Math.tanh(z) ** 2;
    case 'relu': return z > 0 ? 1 : 0;
    case 'gelu': return 0.5 * (1 + erf(z / Math.SQRT2)) + (z * Math.exp(-z * z / 2)) / SQRT_2PI;
  }
}

export const gradientFlowExperiment: Experiment<GradientFlowConfig> = {
  id: 'gradient-flow',
  title: 'The gradient reaching each layer of a 10-layer net',
  summary:
    'One batch of MNIST through fresh 10-layer MLPs (sigmoid, tanh, ReLU, GELU, each with the initialization made for it, and two with the default). Plotted: the size of the loss gradient at each hidden layer, on a log scale. A straight falling line is geometric decay.',
  params,
  defaults: { depth: 10, width: 64, batchSize: 512 },
  quick: { batchSize: 256 },
  async run(config, ctx) {
    checkConfig('gradient-flow', params, config);
    const { depth, width, batchSize } = config;
    const pace = pacer(ctx.signal);
    await pace(); // a run stopped before it starts loads nothing
    const train = await flatMnist(ctx.data, 'train', 10000);
    const rows = Int32Array.from(new data.Generator(ctx.seed).run(() => randperm(train.n)).toTypedArray()).slice(0, batchSize);
    const { x, y } = rowsOf(train, rows);
    const metrics: Record<string, number> = {};
    const deltaSeries: Figure & { kind: 'line' } = { id: 'delta-norms', title: 'Gradient at each hidden layer, ‖∂L/∂z‖ (log scale)', kind: 'line', xLabel: 'hidden layer (1 = nearest the input)', yLabel: '‖∂L/∂z‖ over the batch', logY: true, series: [] };
    const weightSeries: Figure & { kind: 'line' } = { id: 'weight-grad-norms', title: 'Weight gradient of each hidden layer, ‖∂L/∂W‖ (log scale)', kind: 'line', xLabel: 'hidden layer', yLabel: '‖∂L/∂W‖', logY: true, series: [] };
    const spreadSeries: Figure & { kind: 'line' } = { id: 'signal', title: 'How much each hidden layer’s output varies between images (log scale)', kind: 'line', xLabel: 'hidden layer', yLabel: 'std over the batch, mean over units', logY: true, series: [] };
    const rowsOut: Array<Array<string | number>> = [];

    for (const arm of ARMS) {
      manualSeed(ctx.seed);
      const model = new DeepMlp(arm.activation, arm.init, depth, width);
      const stats = tidy(() => {
        const { logits, pre } = model.forwardWithPre(x);
        for (const z of pre) z.retainGrad();
        crossEntropy(logits, y).backward();
        const delta = pre.map((z) => norm(z.grad!));
        const weightGrad = model.linears().slice(0, depth).map((l) => norm(l.weight.grad!));
        // The derivative the gradient is multiplied by on its way down through layer l (l = 1…depth−1).
        let sumSq = 0, sum = 0, count = 0, max = 0;
        for (const z of pre.slice(0, -1)) {
          for (const v of z.contiguous().toTypedArray() as Float32Array) {
            const d = derivative(arm.activation, v);
            sum += d; sumSq += d * d; count++; if (d > max) max = d;
          }
        }
        // How much the weights alone scale the gradient: ‖Wᵀδ‖/‖δ‖ through layers 2…depth, averaged in log.
        let logGain = 0;
        for (let l = 1; l < depth; l++) {
          const w = model.linears()[l]!.weight;
          logGain += Math.log(norm(pre[l]!.grad!.matmul(w)) / delta[l]!);
        }
        // The forward signal: how much each hidden layer's output varies from image to image
        // (per unit, the std over the batch, averaged over units). A constant vector carries no information.
        const spread = pre.map((z) => {
          const h = activate(arm.activation, z);
          const [n, w] = h.shape as [number, number];
          const v = h.contiguous().toTypedArray() as Float32Array;
          let total = 0;
          for (let j = 0; j < w; j++) {
            let m = 0, m2 = 0;
            for (let i = 0; i < n; i++) { const u = v[i * w + j]!; m += u; m2 += u * u; }
            m /= n;
            total += Math.sqrt(Math.max(m2 / n - m * m, 0));
          }
          return total / w;
        });
        return { delta, weightGrad, spread, meanD: sum / count, rmsD: Math.sqrt(sumSq / count), maxD: max, weightGain: Math.exp(logGain / (depth - 1)) };
      });
      const factor = geometricFactor(stats.delta);
      metrics[`${arm.key}.factor`] = factor;
      metrics[`${arm.key}.firstOverLast`] = stats.delta[0]! / stats.delta[depth - 1]!;
      metrics[`${arm.key}.rmsDerivative`] = stats.rmsD;
      metrics[`${arm.key}.meanDerivative`] = stats.meanD;
      metrics[`${arm.key}.maxDerivative`] = stats.maxD;
      metrics[`${arm.key}.weightGain`] = stats.weightGain;
      metrics[`${arm.key}.signalFactor`] = 1 / geometricFactor(stats.spread);
      metrics[`${arm.key}.signalLastOverFirst`] = stats.spread[depth - 1]! / stats.spread[0]!;
      spreadSeries.series.push({ name: arm.name, points: stats.spread.map((d, i) => [i + 1, d]) });
      deltaSeries.series.push({ name: arm.name, points: stats.delta.map((d, i) => [i + 1, d]) });
      weightSeries.series.push({ name: arm.name, points: stats.weightGrad.map((d, i) => [i + 1, d]) });
      rowsOut.push([arm.name, Number(factor.toFixed(3)), Number(stats.rmsD.toFixed(3)), Number(stats.weightGain.toFixed(3)), Number((stats.delta[0]! / stats.delta[depth - 1]!).toExponential(2))]);
      ctx.log(`${arm.name}: ×${factor.toFixed(3)} per layer; rms derivative ${stats.rmsD.toFixed(3)}, weight gain ${stats.weightGain.toFixed(3)}`);
      ctx.progress({ series: 'arms', step: rowsOut.length, totalSteps: ARMS.length, metrics: { factor } });
      await pace();
    }
    const figures: Figure[] = [
      deltaSeries,
      weightSeries,
      spreadSeries,
      { id: 'factors', title: 'Per-layer factor of the gradient, and its two parts', kind: 'table', columns: ['network', 'factor per layer (fit)', 'rms of the activation’s derivative', 'weight gain ‖Wᵀδ‖/‖δ‖', `layer 1 ÷ layer ${depth}`], rows: rowsOut },
    ];
    return { metrics, figures };
  },
};
