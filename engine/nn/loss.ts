// Loss modules, PyTorch's nn.*Loss: each holds its options and calls the functional loss as
// call(input, target). A class weight (cross-entropy, NLL, BCE) is a buffer, as in PyTorch.

import type { Tensor } from '../tensor/tensor.ts';
import {
  mseLoss, l1Loss, huberLoss, smoothL1Loss, crossEntropy, nllLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits, klDiv,
  type Reduction,
} from '../functional/losses/index.ts';
import { LOSS_HINTS } from '../functional/losses/reduction.ts';
import { checkOptions } from '../options.ts';
import { Module } from './module.ts';

abstract class Loss<R extends string = Reduction> extends Module {
  readonly reduction: R;
  /** Checks `opts` against the keys this loss takes (an unknown key is an error), keeps the reduction. */
  constructor(opts: { reduction?: R }, keys: readonly string[]) {
    super();
    checkOptions(new.target.name, opts, keys, LOSS_HINTS);
    this.reduction = opts.reduction ?? ('mean' as R);
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
  override extraRepr(): string {
    return this.reduction === 'mean' ? '' : `reduction='${this.reduction}'`;
  }
}

/** Mean (or sum) of (input − target)². */
export class MSELoss extends Loss {
  constructor(opts: { reduction?: Reduction } = {}) { super(opts, ['reduction']); }
  forward(input: Tensor, target: Tensor): Tensor { return mseLoss(input, target, { reduction: this.reduction }); }
}

/** Mean (or sum) of |input − target|. */
export class L1Loss extends Loss {
  constructor(opts: { reduction?: Reduction } = {}) { super(opts, ['reduction']); }
  forward(input: Tensor, target: Tensor): Tensor { return l1Loss(input, target, { reduction: this.reduction }); }
}

/** Quadratic for |d| ≤ delta, linear beyond. */
export class HuberLoss extends Loss {
  readonly delta: number;
  constructor(opts: { reduction?: Reduction; delta?: number } = {}) { super(opts, ['reduction', 'delta']); this.delta = opts.delta ?? 1; }
  forward(input: Tensor, target: Tensor): Tensor { return huberLoss(input, target, { reduction: this.reduction, delta: this.delta }); }
}

/** Huber divided by beta: quadratic for |d| < beta. */
export class SmoothL1Loss extends Loss {
  readonly beta: number;
  constructor(opts: { reduction?: Reduction; beta?: number } = {}) { super(opts, ['reduction', 'beta']); this.beta = opts.beta ?? 1; }
  forward(input: Tensor, target: Tensor): Tensor { return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta }); }
}

export interface ClassLossOptions {
  weight?: Tensor | null;
  ignoreIndex?: number;
  reduction?: Reduction;
}

/** logSoftmax + NLL over logits (N, C, …); targets are class indices or probabilities. */
export class CrossEntropyLoss extends Loss {
  declare weight: Tensor | null;
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  constructor(opts: ClassLossOptions & { labelSmoothing?: number } = {}) {
    super(opts, ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing']);
    const { weight = null, ignoreIndex = -100, labelSmoothing = 0 } = opts;
    this.registerBuffer('weight', weight);
    this.ignoreIndex = ignoreIndex;
    this.labelSmoothing = labelSmoothing;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, { weight: this.weight ?? undefined, ignoreIndex: this.ignoreIndex, reduction: this.reduction, labelSmoothing: this.labelSmoothing });
  }
}

/** Negative log-likelihood of log-probabilities (N, C, …) at class-index targets. */
export class NLLLoss extends Loss {
  declare weight: Tensor | null;
  readonly ignoreIndex: number;
  constructor(opts: ClassLossOptions = {}) {
    super(opts, ['weight', 'ignoreIndex', 'reduction']);
    const { weight = null, ignoreIndex = -100 } = opts;
    this.registerBuffer('weight', weight);
    this.ignoreIndex = ignoreIndex;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, { weight: this.weight ?? undefined, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

/** Binary cross-entropy of probabilities in [0, 1]. */
export class BCELoss extends Loss {
  declare weight: Tensor | null;
  constructor(opts: { weight?: Tensor | null; reduction?: Reduction } = {}) {
    super(opts, ['weight', 'reduction']);
    const { weight = null } = opts;
    this.registerBuffer('weight', weight);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight ?? undefined, reduction: this.reduction });
  }
}

/** Sigmoid + binary cross-entropy on logits, computed stably; posWeight weighs the positives. */
export class BCEWithLogitsLoss extends Loss {
  declare weight: Tensor | null;
  declare posWeight: Tensor | null;
  constructor(opts: { weight?: Tensor | null; posWeight?: Tensor | null; reduction?: Reduction } = {}) {
    super(opts, ['weight', 'posWeight', 'reduction']);
    const { weight = null, posWeight = null } = opts;
    this.registerBuffer('weight', weight);
    this.registerBuffer('posWeight', posWeight);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, { weight: this.weight ?? undefined, posWeight: this.posWeight ?? undefined, reduction: this.reduction });
  }
}

/** KL(target ‖ input) with input as log-probabilities. */
export class KLDivLoss extends Loss<Reduction | 'batchmean'> {
  readonly logTarget: boolean;
  constructor(opts: { reduction?: Reduction | 'batchmean'; logTarget?: boolean } = {}) {
    super(opts, ['reduction', 'logTarget']);
    this.logTarget = opts.logTarget ?? false;
  }
  forward(input: Tensor, target: Tensor): Tensor { return klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget }); }
}
