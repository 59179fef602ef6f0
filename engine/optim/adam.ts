// Adam and AdamW, as torch.optim: bias-corrected first and second moments, optional AMSGrad
// (the running max of the raw second moment), L2 decay in the gradient (Adam) or decoupled
// decay θ ← θ·(1 − lr·λ) before the step (AdamW).

import type { Tensor } from '../tensor/tensor.ts';
import type { TypedArray } from '../tensor/dtype.ts';
import { ValueError } from '../errors.ts';
import { Optimizer, checkBool, checkRange, flatOf, nextStep, stateBuffer, updateFlat, type ParamGroup, type ParamState, type Params } from './optimizer.ts';

export interface AdamOptions {
  lr?: number;
  /** [β1, β2]: decay rates of the running mean of g and of g². */
  betas?: [number, number];
  /** Added to √v̂ so the step stays finite where v̂ is 0. */
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
}

type AdamGroup = ParamGroup & Required<AdamOptions>;

/** Per-parameter state (what loadStateDict accepts): a step below 0 would divide by 1 − β1⁰ = 0. */
const adamState = { step: 'count', expAvg: 'buffer', expAvgSq: 'nonNegative', maxExpAvgSq: 'nonNegative' } as const;

function checkAdam(opt: string, g: AdamGroup, where: string): void {
  checkRange(opt, 'lr', g.lr, where, 0);
  checkRange(opt, 'eps', g.eps, where, 0);
  if (!Array.isArray(g.betas) || g.betas.length !== 2) throw new ValueError(`${opt}: invalid betas ${String(g.betas)}${where} (must be a pair [β1, β2])`);
  checkRange(opt, 'betas[0]', g.betas[0], where, 0, 1, true);
  checkRange(opt, 'betas[1]', g.betas[1], where, 0, 1, true);
  checkRange(opt, 'weightDecay', g.weightDecay, where, 0);
  checkBool(opt, 'amsgrad', g.amsgrad, where);
  checkBool(opt, 'maximize', g.maximize, where);
}

function adamUpdate(p: Tensor, grad: Tensor, state: ParamState, group: AdamGroup, decoupled: boolean): void {
  const { lr, betas: [b1, b2], eps, weightDecay: wd, amsgrad, maximize } = group;
  const t = nextStep(state);
  const g = flatOf(grad);
  const m = stateBuffer(state, 'expAvg', p);
  const v = stateBuffer(state, 'expAvgSq', p);
  const vMax = amsgrad ? stateBuffer(state, 'maxExpAvgSq', p) : null;
  // m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ); θ −= lr·m̂/(√v̂ + ε), arranged as PyTorch does.
  const step: AdamStep = {
    b1, b2, eps, wd,
    decayInGrad: wd !== 0 && !decoupled,
    sign: maximize ? -1 : 1,
    shrink: decoupled ? 1 - lr * wd : 1,
    stepSize: lr / (1 - b1 ** t),
    bc2Sqrt: Math.sqrt(1 - b2 ** t),
  };
  updateFlat(p, (w) => adamLoop(w, g, m, v, vMax, step));
}

/** The numbers one Adam step uses, worked out once per parameter. */
interface AdamStep {
  b1: number; b2: number; eps: number; wd: number;
  decayInGrad: boolean;
  /** −1 under maximize: multiplying by ±1 is exact, so this is the same as negating g. */
  sign: number;
  shrink: number;
  stepSize: number;
  bc2Sqrt: number;
}

// The per-element loop, apart from the closure and with the constants in locals: the JIT then keeps
// them in registers (about a fifth faster than reading them from the closure, same results).
function adamLoop(w: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, vMax: TypedArray | null, step: AdamStep): void {
  const { b1, b2, eps, wd, decayInGrad, sign, shrink, stepSize, bc2Sqrt } = step;
  for (let i = 0; i < w.length; i++) {
    let d = sign * g[i];
    if (decayInGrad) d += wd * w[i];
    m[i] = b1 * m[i] + (1 - b1) * d;
    v[i] = b2 * v[i] + (1 - b2) * d * d;
    let vt = v[i];
    if (vMax) vt = vMax[i] = Math.max(vMax[i], vt);
    w[i] = w[i] * shrink - (stepSize * m[i]) / (Math.sqrt(vt) / bc2Sqrt + eps);
  }
}

export class Adam extends Optimizer<Required<AdamOptions>> {
  constructor(params: Params<AdamOptions>, options: AdamOptions = {}) {
    super(params as Params<Required<AdamOptions>>, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false }, options);
  }

  protected checkOptions(g: AdamGroup, where: string): void {
    checkAdam('Adam', g, where);
  }

  protected update(p: Tensor, grad: Tensor, state: ParamState, group: AdamGroup): void {
    adamUpdate(p, grad, state, group, false);
  }

  protected override stateFields() {
    return adamState;
  }
}

/** Adam with decoupled weight decay (Loshchilov & Hutter): decay shrinks θ directly, not through g. */
export class AdamW extends Optimizer<Required<AdamOptions>> {
  constructor(params: Params<AdamOptions>, options: AdamOptions = {}) {
    super(params as Params<Required<AdamOptions>>, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false }, options);
  }

  protected checkOptions(g: AdamGroup, where: string): void {
    checkAdam('AdamW', g, where);
  }

  protected update(p: Tensor, grad: Tensor, state: ParamState, group: AdamGroup): void {
    adamUpdate(p, grad, state, group, true);
  }

  protected override stateFields() {
    return adamState;
  }
}
