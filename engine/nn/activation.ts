// Activation modules: each wraps one function of x (the functional form does the work) so that it
// can sit inside Sequential and print in the model tree. Only PReLU has a parameter.

import type { Tensor } from '../tensor/tensor.ts';
import type { DType } from '../tensor/dtype.ts';
import { full } from '../tensor/creation.ts';
import { softmax, logSoftmax } from '../ops/softmax.ts';
import { hardtanh, leakyRelu, elu, selu, celu, gelu, softplus, silu, mish, relu6, softsign, hardSigmoid, hardswish, logSigmoid, prelu } from '../functional/activations.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';
import { checkOptions } from '../options.ts';

/** max(0, x). */
export class ReLU extends Module {
  forward(x: Tensor): Tensor { return x.relu(); }
}
/** min(max(0, x), 6). */
export class ReLU6 extends Module {
  forward(x: Tensor): Tensor { return relu6(x); }
}
/** x for x > 0, negativeSlope·x otherwise. */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) { super(); }
  forward(x: Tensor): Tensor { return leakyRelu(x, this.negativeSlope); }
  override extraRepr(): string { return `negativeSlope=${this.negativeSlope}`; }
}
/** x for x > 0, alpha·(eˣ − 1) otherwise. */
export class ELU extends Module {
  constructor(readonly alpha = 1) { super(); }
  forward(x: Tensor): Tensor { return elu(x, this.alpha); }
  override extraRepr(): string { return `alpha=${this.alpha}`; }
}
/** max(0, x) + min(0, alpha·(e^(x/alpha) − 1)). */
export class CELU extends Module {
  constructor(readonly alpha = 1) { super(); }
  forward(x: Tensor): Tensor { return celu(x, this.alpha); }
  override extraRepr(): string { return `alpha=${this.alpha}`; }
}
/** Self-normalizing ELU with fixed scale and alpha. */
export class SELU extends Module {
  forward(x: Tensor): Tensor { return selu(x); }
}
/** x·Φ(x), or its tanh approximation. */
export class GELU extends Module {
  constructor(readonly approximate: 'none' | 'tanh' = 'none') { super(); }
  forward(x: Tensor): Tensor { return gelu(x, { approximate: this.approximate }); }
  override extraRepr(): string { return `approximate='${this.approximate}'`; }
}
/** x·σ(x), also called swish. */
export class SiLU extends Module {
  forward(x: Tensor): Tensor { return silu(x); }
}
/** x·tanh(softplus(x)). */
export class Mish extends Module {
  forward(x: Tensor): Tensor { return mish(x); }
}
/** 1/(1 + e⁻ˣ). */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return x.sigmoid(); }
}
/** log σ(x). */
export class LogSigmoid extends Module {
  forward(x: Tensor): Tensor { return logSigmoid(x); }
}
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return x.tanh(); }
}
/** x clipped to [minVal, maxVal]. */
export class Hardtanh extends Module {
  constructor(readonly minVal = -1, readonly maxVal = 1) { super(); }
  forward(x: Tensor): Tensor { return hardtanh(x, { minVal: this.minVal, maxVal: this.maxVal }); }
  override extraRepr(): string { return `minVal=${this.minVal}, maxVal=${this.maxVal}`; }
}
/** relu6(x + 3)/6. */
export class Hardsigmoid extends Module {
  forward(x: Tensor): Tensor { return hardSigmoid(x); }
}
/** x·relu6(x + 3)/6. */
export class Hardswish extends Module {
  forward(x: Tensor): Tensor { return hardswish(x); }
}
/** log(1 + e^(beta·x))/beta, and x above threshold. */
export class Softplus extends Module {
  constructor(readonly beta = 1, readonly threshold = 20) { super(); }
  forward(x: Tensor): Tensor { return softplus(x, { beta: this.beta, threshold: this.threshold }); }
  override extraRepr(): string { return `beta=${this.beta}, threshold=${this.threshold}`; }
}
/** x/(1 + |x|). */
export class Softsign extends Module {
  forward(x: Tensor): Tensor { return softsign(x); }
}
/** exp(x)/Σ exp(x) along dim (no default dim: name it, as modern PyTorch asks). */
export class Softmax extends Module {
  constructor(readonly dim: number) { super(); }
  forward(x: Tensor): Tensor { return softmax(x, this.dim); }
  override extraRepr(): string { return `dim=${this.dim}`; }
}
/** log softmax along dim. */
export class LogSoftmax extends Module {
  constructor(readonly dim: number) { super(); }
  forward(x: Tensor): Tensor { return logSoftmax(x, this.dim); }
  override extraRepr(): string { return `dim=${this.dim}`; }
}
/** Leaky ReLU with a learned slope: one shared (numParameters = 1) or one per channel. */
export class PReLU extends Module {
  weight: Parameter;
  // numParameters is not kept as a property: that name is Module's numParameters() method.
  constructor(numParameters = 1, init = 0.25, opts: { dtype?: DType } = {}) {
    super();
    checkOptions('PReLU', opts, ['dtype']);
    const { dtype = 'float32' } = opts;
    this.weight = new Parameter(full([numParameters], init, { dtype }));
  }
  forward(x: Tensor): Tensor { return prelu(x, this.weight); }
  override extraRepr(): string { return `numParameters=${this.weight.numel()}`; }
}
