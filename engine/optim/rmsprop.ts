// RMSprop, as torch.optim.RMSprop: divide the gradient by a running root-mean-square of recent
// gradients; optionally centered (subtract the running mean's square) and with momentum.

import type { Tensor } from '../tensor/tensor.ts';
import { Optimizer, checkBool, checkRange, flatOf, nextStep, stateBuffer, updateFlat, type ParamGroup, type ParamState, type Params } from './optimizer.ts';

export interface RMSpropOptions {
  lr?: number;
  /** Smoothing constant α of the running average of g². */
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  /** μ: b ← μ·b + g/(√v + ε), θ −= lr·b (the buffer starts at zero). */
  momentum?: number;
  /** Normalize by an estimate of the variance, v − E[g]², instead of the raw second moment. */
  centered?: boolean;
  maximize?: boolean;
}

type RMSpropGroup = ParamGroup & Required<RMSpropOptions>;

export class RMSprop extends Optimizer<Required<RMSpropOptions>> {
  constructor(params: Params<RMSpropOptions>, options: RMSpropOptions = {}) {
    super(params as Params<Required<RMSpropOptions>>, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false }, options);
  }

  protected checkOptions(g: RMSpropGroup, where: string): void {
    checkRange('RMSprop', 'lr', g.lr, where, 0);
    checkRange('RMSprop', 'alpha', g.alpha, where, 0);
    checkRange('RMSprop', 'eps', g.eps, where, 0);
    checkRange('RMSprop', 'weightDecay', g.weightDecay, where, 0);
    checkRange('RMSprop', 'momentum', g.momentum, where, 0);
    checkBool('RMSprop', 'centered', g.centered, where);
    checkBool('RMSprop', 'maximize', g.maximize, where);
  }

  protected update(p: Tensor, grad: Tensor, state: ParamState, group: RMSpropGroup): void {
    const { lr, alpha, eps, weightDecay: wd, momentum: mu, centered, maximize } = group;
    nextStep(state);
    const g = flatOf(grad);
    const sq = stateBuffer(state, 'squareAvg', p);
    const b = mu > 0 ? stateBuffer(state, 'momentumBuffer', p) : null;
    const ga = centered ? stateBuffer(state, 'gradAvg', p) : null;
    updateFlat(p, (w) => {
      for (let i = 0; i < w.length; i++) {
        let d = maximize ? -g[i] : g[i];
        if (wd !== 0) d += wd * w[i];
        sq[i] = alpha * sq[i] + (1 - alpha) * d * d;
        let denom: number;
        if (ga) {
          ga[i] = alpha * ga[i] + (1 - alpha) * d;
          denom = Math.sqrt(sq[i] - ga[i] * ga[i]) + eps;
        } else denom = Math.sqrt(sq[i]) + eps;
        if (b) {
          b[i] = mu * b[i] + d / denom;
          w[i] -= lr * b[i];
        } else w[i] -= (lr * d) / denom;
      }
    });
  }

  protected override stateFields() {
    return { step: 'count', squareAvg: 'nonNegative', momentumBuffer: 'buffer', gradAvg: 'buffer' } as const;
  }
}
