// Experiment dead-relus: a two-hidden-layer ReLU MLP trained on MNIST with Adam and with plain SGD
// over a sweep of learning rates; afterwards, how many hidden units output zero on every probe image.

import { checkConfig, pacer } from '../kit/index.ts';
import { crossEntropy, manualSeed, nn, noGrad, optim, stepScopes, tidy, type Tensor } from '../../engine/index.ts';
import type { Experiment, Figure, Param } from '../kit/index.ts';
import { accuracy, allRows, batchStream, flatMnist, rowsOf } from './shared.ts';

export interface DeadRelusConfig {
  [key: string]: number | string | boolean;
  trainSize: number;
  probeSize: number;
  testSize: number;
  steps: number;
  batchSize: number;
  width: number;
}

const params: readonly Param[] = [
  { key: 'trainSize', label: 'training images', kind: 'integer', min: 1000, max: 60000, step: 1000 },
  { key: 'probeSize', label: 'training images a unit must be silent on to count as dead', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'testSize', label: 'test images', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'steps', label: 'training steps', kind: 'integer', min: 50, max: 5000, step: 50 },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 8, max: 512 },
  { key: 'width', label: 'units per hidden layer', kind: 'integer', min: 16, max: 512 },
];

export const ADAM_LRS = [0.001, 0.003, 0.01, 0.03] as const;
export const SGD_LRS = [0.3, 1, 3] as const;

/** Per hidden layer, the fraction of units whose ReLU output is exactly 0 on every row of x. */
export function deadFractions(model: nn.Sequential, x: Tensor): number[] {
  return tidy(() => noGrad(() => {
    const out: number[] = [];
    let h = x;
    for (const m of model) {
      h = m.forward(h);
      if (m instanceof nn.ReLU) {
        const [n, width] = h.shape as [number, number];
        const v = h.contiguous().toTypedArray() as Float32Array;
        let dead = 0;
        for (let j = 0; j < width; j++) {
          let alive = false;
          for (let i = 0; i < n && !alive; i++) if (v[i * width + j] !== 0) alive = true;
          if (!alive) dead++;
        }
        out.push(dead / width);
      }
    }
    return out;
  }));
}

/** True when every parameter is a finite number (a diverged net is broken, not "dead"). */
export function allFinite(model: nn.Module): boolean {
  return model.parameters().every((p) => (p.contiguous().toTypedArray() as Float32Array).every(Number.isFinite));
}

export const deadRelusExperiment: Experiment<DeadRelusConfig> = {
  id: 'dead-relus',
  title: 'Dead ReLUs after a too-large learning rate',
  summary:
    'A two-hidden-layer ReLU MLP (784-128-128-10; 64 wide in the quick variant) trained on MNIST with Adam (learning rates 0.001 to 0.03) and with plain SGD (0.3 to 3), from the same initial weights. Afterwards: the fraction of hidden units that output zero on every probe image. A run whose loss or weights stop being finite is marked diverged, not dead.',
  params,
  defaults: { trainSize: 20000, probeSize: 5000, testSize: 5000, steps: 1000, batchSize: 64, width: 128 },
  quick: { trainSize: 5000, probeSize: 2000, testSize: 1000, steps: 200, width: 64 },
  async run(config, ctx) {
    checkConfig('dead-relus', params, config);
    const { trainSize, probeSize, testSize, steps, batchSize, width } = config;
    const pace = pacer(ctx.signal);
    await pace(); // a run stopped before it starts loads nothing
    const train = await flatMnist(ctx.data, 'train', trainSize);
    const test = await flatMnist(ctx.data, 'test', testSize);
    const probe = rowsOf(train, Int32Array.from({ length: Math.min(probeSize, train.n) }, (_, i) => i)).x;
    const T = allRows(test);
    const metrics: Record<string, number> = {};
    const bars: Array<{ label: string; value: number }> = [];
    const rows: Array<Array<string | number>> = [];
    const runs = [...ADAM_LRS.map((lr) => ({ optimizer: 'adam', lr })), ...SGD_LRS.map((lr) => ({ optimizer: 'sgd', lr }))];
    let done = 0;
    for (const { optimizer, lr } of runs) {
      manualSeed(ctx.seed);
      const model = new nn.Sequential(new nn.Linear(784, width), new nn.ReLU(), new nn.Linear(width, width), new nn.ReLU(), new nn.Linear(width, 10));
      const opt = optimizer === 'adam' ? new optim.Adam(model.parameters(), { lr }) : new optim.SGD(model.parameters(), { lr });
      const scopes = stepScopes([model, opt]);
      const next = batchStream(train.n, Math.min(batchSize, train.n), ctx.seed);
      let diverged = false;
      for (let step = 1; step <= steps && !diverged; step++) {
        const { x, y } = rowsOf(train, next());
        const loss = scopes.step(() => {
          const l = crossEntropy(model.forward(x), y);
          opt.zeroGrad();
          l.backward();
          opt.step();
          return l.item();
        });
        if (!Number.isFinite(loss)) diverged = true;
        if (step % 50 === 0 || diverged) ctx.progress({ series: `${optimizer} lr ${lr}`, step, totalSteps: steps, metrics: { 'training loss': loss } });
        await pace();
      }
      diverged ||= !allFinite(model);
      const key = `${optimizer}.${lr}`;
      metrics[`${key}.diverged`] = diverged ? 1 : 0;
      if (diverged) {
        // No dead fraction and no accuracy: with NaN pre-activations a unit reads as dead under one
        // counting rule and alive under another, and either would be a lie. The keys are left out.
        rows.push([optimizer, lr, 'diverged (not finite)', '—', '—', '—']);
        bars.push({ label: `${optimizer} ${lr} (diverged)`, value: 0 });
      } else {
        const [d1, d2] = deadFractions(model, probe) as [number, number];
        const acc = tidy(() => accuracy(model, T.x, test.labels));
        Object.assign(metrics, { [`${key}.dead1`]: d1, [`${key}.dead2`]: d2, [`${key}.dead`]: (d1 + d2) / 2, [`${key}.accuracy`]: acc });
        rows.push([optimizer, lr, 'trained', Number(d1.toFixed(3)), Number(d2.toFixed(3)), Number(acc.toFixed(3))]);
        bars.push({ label: `${optimizer} ${lr}`, value: (d1 + d2) / 2 });
      }
      ctx.log(`${optimizer} lr ${lr}: ${diverged ? 'diverged (weights or loss not finite)' : `dead ${(100 * metrics[`${key}.dead1`]!).toFixed(1)}% / ${(100 * metrics[`${key}.dead2`]!).toFixed(1)}%, test accuracy ${(100 * metrics[`${key}.accuracy`]!).toFixed(1)}%`}`);
      ctx.progress({ series: 'runs', step: ++done, totalSteps: runs.length, metrics: {} });
    }
    const figures: Figure[] = [
      { id: 'dead-fraction', title: 'Dead hidden units after training (both layers)', kind: 'bar', xLabel: 'optimizer and learning rate', yLabel: 'fraction of units silent on every probe image', bars },
      { id: 'dead-table', title: 'Dead units per layer and test accuracy', kind: 'table', columns: ['optimizer', 'learning rate', 'outcome', 'dead in layer 1', 'dead in layer 2', 'test accuracy'], rows },
    ];
    return { metrics, figures };
  },
};
