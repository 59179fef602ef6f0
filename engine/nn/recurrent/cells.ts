// RNNCell, LSTMCell and GRUCell: one time step as a module, for loops the user writes by hand.
// Parameter names are PyTorch's state-dict keys in camelCase (weight_ih → weightIh, …).

import type { Tensor } from '../../tensor/tensor.ts';
import type { DType } from '../../tensor/dtype.ts';
import { rnnCell, lstmCell, gruCell, type RnnNonlinearity } from '../../functional/recurrent.ts';
import { ValueError } from '../../errors.ts';
import { Module } from '../module.ts';
import { Parameter } from '../parameter.ts';
import { uniform_ } from '../init.ts';
import { empty } from '../util.ts';
import { checkOptions } from '../../options.ts';

export interface RNNCellOptions {
  bias?: boolean;
  dtype?: DType;
}

abstract class CellBase extends Module {
  weightIh: Parameter;
  weightHh: Parameter;
  biasIh: Parameter | null;
  biasHh: Parameter | null;

  constructor(name: string, gates: number, readonly inputSize: number, readonly hiddenSize: number, opts: RNNCellOptions & { nonlinearity?: RnnNonlinearity }) {
    super();
    checkOptions(name, opts, ['bias', 'dtype', ...(name === 'RNNCell' ? ['nonlinearity'] : [])]);
    const { bias = true, dtype = 'float32' } = opts;
    if (!Number.isInteger(inputSize) || inputSize < 0) throw new ValueError(`${name}: inputSize must be a non-negative integer, got ${inputSize}`);
    if (!Number.isInteger(hiddenSize) || hiddenSize < 1) throw new ValueError(`${name}: hiddenSize must be a positive integer, got ${hiddenSize}`);
    this.weightIh = new Parameter(empty([gates * hiddenSize, inputSize], dtype));
    this.weightHh = new Parameter(empty([gates * hiddenSize, hiddenSize], dtype));
    this.biasIh = bias ? new Parameter(empty([gates * hiddenSize], dtype)) : null;
    this.biasHh = bias ? new Parameter(empty([gates * hiddenSize], dtype)) : null;
    this.resetParameters();
  }

  /** Every weight and bias ~ U(±1/√hiddenSize), as PyTorch. */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters(false)) uniform_(p, -bound, bound);
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.biasIh ? '' : ', bias=false'}`;
  }
}

/** h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) (or relu); x: (N, inputSize) or (inputSize). */
export class RNNCell extends CellBase {
  readonly nonlinearity: RnnNonlinearity;

  constructor(inputSize: number, hiddenSize: number, opts: RNNCellOptions & { nonlinearity?: RnnNonlinearity } = {}) {
    super('RNNCell', 1, inputSize, hiddenSize, opts);
    const { nonlinearity = 'tanh' } = opts;
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new ValueError(`RNNCell: nonlinearity must be 'tanh' or 'relu', got '${nonlinearity}'`);
    this.nonlinearity = nonlinearity;
  }

  forward(x: Tensor, h?: Tensor | null): Tensor {
    return rnnCell(x, h ?? null, this.weightIh, this.weightHh, this.biasIh, this.biasHh, this.nonlinearity);
  }
}

/** One LSTM step: [h, c] → [h', c'] (zeros when no state is given). */
export class LSTMCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, opts: RNNCellOptions = {}) {
    super('LSTMCell', 4, inputSize, hiddenSize, opts);
  }

  forward(x: Tensor, state?: readonly [Tensor, Tensor] | null): [Tensor, Tensor] {
    return lstmCell(x, state ?? null, this.weightIh, this.weightHh, this.biasIh, this.biasHh);
  }
}

/** One GRU step: h → h'. */
export class GRUCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, opts: RNNCellOptions = {}) {
    super('GRUCell', 3, inputSize, hiddenSize, opts);
  }

  forward(x: Tensor, h?: Tensor | null): Tensor {
    return gruCell(x, h ?? null, this.weightIh, this.weightHh, this.biasIh, this.biasHh);
  }
}
