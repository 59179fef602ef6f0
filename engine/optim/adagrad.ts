// Adagrad, as torch.optim.Adagrad: each coordinate's step shrinks with the square root of the
// sum of all its past squared gradients; an optional lr decay divides lr by 1 + (t − 1)·lrDecay.

import type { Tensor } from '../tensor/tensor.ts';
import { Optimizer, checkBool, checkRange, flatOf, nextStep, stateBuffer, updateFlat, type ParamGroup, type ParamState, type Params } from './optimizer.ts';

export interface AdagradOptions {
  lr?: number;
  lrDecay?: number;
  weightDecay?: number;
  /** The starting value of the running sum of g² (PyTorch's initial_accumulator_value). */
  initialAccumulatorValue?: number;
  eps?: number;
  maximize?: boolean;
}

type AdagradGroup = ParamGroup & Required<AdagradOptions>;

export class Adagrad extends Optimizer<Required<AdagradOptions>> {
  constructor(params: Params<AdagradOptions>, options: AdagradOptions = {}) {
    super(params as Params<Required<AdagradOptions>>, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false }, options);
  }

  protected checkOptions(g: AdagradGroup, where: string): void {
    checkRange('Adagrad', 'lr', g.lr, where, 0);
    checkRange('Adagrad', 'lrDecay', g.lrDecay, where, 0);
    checkRange('Adagrad', 'weightDecay', g.weightDecay, where, 0);
    checkRange('Adagrad', 'initialAccumulatorValue', g.initialAccumulatorValue, where, 0);
    checkRange('Adagrad', 'eps', g.eps, where, 0);
    checkBool('Adagrad', 'maximize', g.maximize, where);
  }

  protected update(p: Tensor, grad: Tensor, state: ParamState, group: AdagradGroup): void {
    const { lr, lrDecay, weightDecay: wd, initialAccumulatorValue, eps, maximize } = group;
    const t = nextStep(state);
    const g = flatOf(grad);
    const sum = stateBuffer(state, 'sum', p, initialAccumulatorValue);
    const clr = lr / (1 + (t - 1) * lrDecay);
    updateFlat(p, (w) => {
      for (let i = 0; i < w.length; i++) {
        let d = maximize ? -g[i] : g[i];
        if (wd !== 0) d += wd * w[i];
        sum[i] += d * d;
        w[i] -= (clr * d) / (Math.sqrt(sum[i]) + eps);
      }
    });
  }

  protected override stateFields() {
    return { step: 'count', sum: 'nonNegative' } as const;
  }
}
