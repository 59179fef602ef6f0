// Experiment depth: push a batch of MNIST test images through a deep stack of Linear + activation
// layers (no training) and measure each layer's activation std and, for tanh, how many units sit
// in its flat tails. Weights ~ N(0, σ²) with σ from a scheme (a fixed small or large value, Xavier,
// He), biases zero: the forward half of the variance argument in lesson.md, measured.

import { checkConfig, pacer, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { data, manualSeed, nn, noGrad, tidy, type Tensor } from '../../engine/index.ts';

export interface DepthConfig {
  [key: string]: number | string | boolean;
  depth: number;
  width: number;
  images: number;
  small: number;
  large: number;
}

const params: readonly Param[] = [
  { key: 'depth', label: 'hidden layers', kind: 'integer', min: 2, max: 30 },
  { key: 'width', label: 'units per layer', kind: 'integer', min: 16, max: 1024 },
  { key: 'images', label: 'MNIST test images pushed through', kind: 'integer', min: 16, max: 2000 },
  { key: 'small', label: 'the “too small” weight std', kind: 'number', min: 1e-4, max: 1, log: true },
  { key: 'large', label: 'the “too large” weight std', kind: 'number', min: 1e-2, max: 10, log: true },
];

type Scheme = 'small' | 'xavier' | 'he' | 'large';
const ARMS: ReadonlyArray<{ act: 'relu' | 'tanh'; scheme: Scheme }> = [
  { act: 'relu', scheme: 'small' }, { act: 'relu', scheme: 'xavier' }, { act: 'relu', scheme: 'he' }, { act: 'relu', scheme: 'large' },
  { act: 'tanh', scheme: 'small' }, { act: 'tanh', scheme: 'xavier' }, { act: 'tanh', scheme: 'he' }, { act: 'tanh', scheme: 'large' },
];

/** σ of N(0, σ²) for a layer with these fans: Xavier 2/(in + out), He 2/in. */
function weightStd(scheme: Scheme, fanIn: number, fanOut: number, config: DepthConfig): number {
  if (scheme === 'small') return config.small;
  if (scheme === 'large') return config.large;
  return scheme === 'xavier' ? Math.sqrt(2 / (fanIn + fanOut)) : Math.sqrt(2 / fanIn);
}

function stats(h: Tensor): { std: number; saturated: number } {
  const v = h.toTypedArray();
  let s = 0, s2 = 0, sat = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    s += x; s2 += x * x;
    if (Math.abs(x) > 0.99) sat++;
  }
  const m = s / v.length;
  return { std: Math.sqrt(Math.max(0, s2 / v.length - m * m)), saturated: sat / v.length };
}

export const depthExperiment: Experiment<DepthConfig> = {
  id: 'depth',
  title: 'Activations through ten layers at different weight scales',
  summary:
    'MNIST images go through a deep untrained MLP, ReLU or tanh, with weights drawn at a too-small std, Xavier’s, He’s or a too-large std. Watch each layer’s activation std collapse, explode, saturate or hold.',
  params,
  defaults: { depth: 10, width: 256, images: 500, small: 0.01, large: 1 },
  quick: { images: 200 },
  async run(config, ctx) {
    checkConfig('depth', params, config);
    const { depth, width, images } = config;
    const pace = pacer(ctx.signal);
    const test = await ctx.data.mnist('test', images);
    const x = data.transforms.normalize(0.1307, 0.3081)(test.images).reshape([images, 784]);
    const metrics: Record<string, number> = {};
    const stdSeries: Array<{ name: string; points: Array<[number, number]> }> = [];
    const satSeries: Array<{ name: string; points: Array<[number, number]> }> = [];
    const rows: Array<Array<string | number>> = [];
    metrics['input.std'] = stats(x).std;

    for (const [armIndex, { act, scheme }] of ARMS.entries()) {
      manualSeed(ctx.seed * 1000 + armIndex);
      const name = `${act}, ${scheme}`;
      const std: Array<[number, number]> = [], sat: Array<[number, number]> = [];
      noGrad(() => tidy(() => {
        let h = x;
        for (let l = 1; l <= depth; l++) {
          const fanIn = l === 1 ? 784 : width;
          const layer = new nn.Linear(fanIn, width);
          nn.init.normal_(layer.weight, 0, weightStd(scheme, fanIn, width, config));
          nn.init.zeros_(layer.bias!);
          const z = layer.forward(h);
          h = act === 'relu' ? z.relu() : z.tanh();
          const s = stats(h);
          std.push([l, s.std]);
          sat.push([l, s.saturated]);
        }
      }));
      const key = `${act}.${scheme}`;
      metrics[`${key}.std1`] = std[0]![1];
      metrics[`${key}.stdLast`] = std[depth - 1]![1];
      metrics[`${key}.stdMin`] = Math.min(...std.map((p) => p[1]));
      metrics[`${key}.stdMax`] = Math.max(...std.map((p) => p[1]));
      if (act === 'tanh') {
        // Saturation from layer 2 on (layer 1 sees raw pixels through a 784-wide fan-in).
        metrics[`${key}.saturatedMin`] = Math.min(...sat.slice(1).map((p) => p[1]));
        metrics[`${key}.saturatedMax`] = Math.max(...sat.slice(1).map((p) => p[1]));
      }
      stdSeries.push({ name, points: std });
      if (act === 'tanh') satSeries.push({ name, points: sat });
      rows.push([act, scheme, Number(std[0]![1].toPrecision(3)), Number(std[depth - 1]![1].toPrecision(3)), act === 'tanh' ? Number(metrics[`${key}.saturatedMax`]!.toFixed(3)) : '—']);
      ctx.progress({ series: name, step: armIndex + 1, totalSteps: ARMS.length, metrics: { 'std at last layer': std[depth - 1]![1] } });
      ctx.log(`${name}: std layer 1 ${std[0]![1].toExponential(2)}, layer ${depth} ${std[depth - 1]![1].toExponential(2)}`);
      await pace();
    }
    const figures: Figure[] = [
      { id: 'std', title: 'Activation std per layer', kind: 'line', xLabel: 'layer', yLabel: 'std of activations', logY: true, series: stdSeries },
      { id: 'saturation', title: 'tanh: fraction of units with |h| > 0.99', kind: 'line', xLabel: 'layer', yLabel: 'fraction saturated', series: satSeries },
      { id: 'summary', title: 'First and last layer', kind: 'table', columns: ['activation', 'init', 'std, layer 1', `std, layer ${depth}`, 'most saturated layer (tanh)'], rows },
    ];
    return { metrics, figures };
  },
};
