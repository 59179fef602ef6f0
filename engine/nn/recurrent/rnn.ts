// RNN, LSTM and GRU layers: stacks of the functional cells unrolled over time, multi-layer,
// optionally bidirectional, with PyTorch's shapes, defaults and initialization.
// Parameter names are PyTorch's state-dict keys in camelCase (weight_ih_l0 → weightIhL0,
// …_reverse → …Reverse); io.toPyTorchNames() maps a state dict back to PyTorch's keys.

import type { Tensor } from '../../tensor/tensor.ts';
import type { DType } from '../../tensor/dtype.ts';
import { zeros } from '../../tensor/creation.ts';
import { cat } from '../../ops/cat.ts';
import { rnnCell, lstmCell, gruCell, type RnnNonlinearity } from '../../functional/recurrent.ts';
import { linear } from '../../functional/linear.ts';
import { lstm } from '../../ops/lstm.ts';
import { opsWatched } from '../../autograd/op.ts';
import { stack } from '../../functional/stack.ts';
import { unbind } from '../../functional/split.ts';
import { dropout } from '../../functional/dropout.ts';
import { ShapeError, ValueError, fmtShape } from '../../errors.ts';
import { Module } from '../module.ts';
import { Parameter } from '../parameter.ts';
import { uniform_ } from '../init.ts';
import { empty, reprArgs } from '../util.ts';
import { checkOptions } from '../../options.ts';

export interface RNNBaseOptions {
  /** Stacked layers; layer k > 0 reads layer k − 1's outputs (default 1). */
  numLayers?: number;
  /** biasIh and biasHh in every cell (default true). */
  bias?: boolean;
  /** Input and output are (N, L, features) instead of (L, N, features); the final states are not affected. */
  batchFirst?: boolean;
  /** Dropout on each layer's outputs except the last, in training mode (default 0). */
  dropout?: number;
  /** A second pass runs back to front; outputs concatenate both, features 2·hiddenSize (default false). */
  bidirectional?: boolean;
  dtype?: DType;
}

export interface RNNOptions extends RNNBaseOptions {
  nonlinearity?: RnnNonlinearity;
}

/** The cell's weights for one layer and direction. */
interface CellWeights { wIh: Parameter; wHh: Parameter; bIh: Parameter | null; bHh: Parameter | null }

/** The shared machinery: parameters, shapes and the time loop. `states` are [h] or [h, c]. */
export abstract class RNNBase extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  // Parameters are registered by computed name; this lets TypeScript users write lstm.weightIhL0.
  readonly [name: `weight${'Ih' | 'Hh'}L${string}` | `bias${'Ih' | 'Hh'}L${string}`]: Parameter | null;

  /** One time step of the cell: x (N, I), states (N, H) each → new states. */
  protected abstract step(x: Tensor, states: Tensor[], w: CellWeights): Tensor[];

  constructor(readonly mode: 'RNN' | 'LSTM' | 'GRU', gates: number, inputSize: number, hiddenSize: number, opts: RNNBaseOptions) {
    super();
    const keys = ['numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional', 'dtype', ...(mode === 'RNN' ? ['nonlinearity'] : [])];
    checkOptions(mode, opts, keys, { projSize: 'projSize (an LSTM with projections) is not supported' });
    const { numLayers = 1, bias = true, batchFirst = false, dropout = 0, bidirectional = false, dtype = 'float32' } = opts;
    for (const [name, v, min] of [['inputSize', inputSize, 0], ['hiddenSize', hiddenSize, 1], ['numLayers', numLayers, 1]] as const) {
      if (!Number.isInteger(v) || v < min) throw new ValueError(`${mode}: ${name} must be an integer ≥ ${min}, got ${v}`);
    }
    if (!(dropout >= 0 && dropout <= 1)) throw new ValueError(`${mode}: dropout must be a probability in [0, 1], got ${dropout}`);
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bias = bias;
    this.batchFirst = batchFirst;
    this.dropout = dropout;
    this.bidirectional = bidirectional;
    for (let layer = 0; layer < numLayers; layer++) {
      const layerInput = layer === 0 ? inputSize : hiddenSize * this.directions;
      for (let dir = 0; dir < this.directions; dir++) {
        const sfx = this.suffix(layer, dir);
        this.registerParameter(`weightIh${sfx}`, new Parameter(empty([gates * hiddenSize, layerInput], dtype)));
        this.registerParameter(`weightHh${sfx}`, new Parameter(empty([gates * hiddenSize, hiddenSize], dtype)));
        if (bias) {
          this.registerParameter(`biasIh${sfx}`, new Parameter(empty([gates * hiddenSize], dtype)));
          this.registerParameter(`biasHh${sfx}`, new Parameter(empty([gates * hiddenSize], dtype)));
        }
      }
    }
    this.resetParameters();
  }

  get directions(): 1 | 2 {
    return this.bidirectional ? 2 : 1;
  }

  private suffix(layer: number, dir: number): string {
    return `L${layer}${dir === 1 ? 'Reverse' : ''}`;
  }

  /** Every weight and bias ~ U(±1/√hiddenSize), as PyTorch. */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters(false)) uniform_(p, -bound, bound);
  }

  /** Looked up by name on every call, so to(dtype) and loadStateDict replacements are seen. */
  private weights(layer: number, dir: number): CellWeights {
    const sfx = this.suffix(layer, dir);
    const get = (name: string) => (this as unknown as Record<string, Parameter | null>)[`${name}${sfx}`] ?? null;
    return { wIh: get('weightIh')!, wHh: get('weightHh')!, bIh: get('biasIh'), bHh: get('biasHh') };
  }

  /**
   * input: (L, N, inputSize), (N, L, inputSize) when batchFirst, or unbatched (L, inputSize).
   * Each initial state: (numLayers·D, N, H) or unbatched (numLayers·D, H); zeros when absent.
   * Returns the last layer's output at every step, (L, N, D·H) (batch first if asked), and each
   * state after the last step, (numLayers·D, N, H), ordered layer by layer, forward before reverse.
   */
  protected run(input: Tensor, initial: (Tensor | null | undefined)[]): [Tensor, Tensor[]] {
    const op = this.mode;
    const D = this.directions, H = this.hiddenSize;
    if (input.ndim !== 2 && input.ndim !== 3) {
      throw new ShapeError(`${op}: input must be 3-D (${this.batchFirst ? 'N, L' : 'L, N'}, ${this.inputSize}) or unbatched 2-D (L, ${this.inputSize}), got ${fmtShape(input.shape)}`);
    }
    const batched = input.ndim === 3;
    let x = !batched ? input.unsqueeze(1) : this.batchFirst ? input.transpose(0, 1) : input; // (L, N, I)
    const [L, N, I] = x.shape;
    if (I !== this.inputSize) throw new ShapeError(`${op}: input ${fmtShape(input.shape)} must have ${this.inputSize} features (inputSize) in its last dim`);
    if (L === 0) throw new ShapeError(`${op}: input ${fmtShape(input.shape)} has no time steps`);
    const stateShape = batched ? [this.numLayers * D, N, H] : [this.numLayers * D, H];
    const states = initial.map((s, k) => {
      if (!s) return zeros([this.numLayers * D, N, H], { dtype: x.dtype });
      if (fmtShape(s.shape) !== fmtShape(stateShape)) {
        throw new ShapeError(`${op}: initial state ${k} ${fmtShape(s.shape)} must have shape ${fmtShape(stateShape)} (numLayers·directions, ${batched ? 'N, ' : ''}hiddenSize) for input ${fmtShape(input.shape)}`);
      }
      return batched ? s : s.unsqueeze(1);
    });

    if (this.mode === 'LSTM' && !opsWatched()) {
      const [output, finals] = this.fusedLstm(x, states);
      return [!batched ? output.squeeze(1) : this.batchFirst ? output.transpose(0, 1) : output, finals.map((f) => (batched ? f : f.squeeze(1)))];
    }
    // Steps are kept as arrays of (N, features) tensors between layers: slicing a stacked tensor
    // per step would make the backward pass write a whole-sequence gradient once per step.
    let xs = unbind(x, 0);
    const finals: Tensor[][] = states.map(() => []);
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outs: Tensor[][] = [];
      for (let dir = 0; dir < D; dir++) {
        const w = this.weights(layer, dir);
        let s = states.map((st) => st.select(0, layer * D + dir));
        const out = new Array<Tensor>(L);
        for (let k = 0; k < L; k++) {
          const t = dir === 1 ? L - 1 - k : k;
          s = this.step(xs[t], s, w);
          out[t] = s[0];
        }
        outs.push(out);
        s.forEach((st, i) => finals[i].push(st));
      }
      xs = D === 2 ? outs[0].map((o, t) => cat([o, outs[1][t]], -1)) : outs[0];
      if (this.dropout > 0 && this.training && layer < this.numLayers - 1) xs = xs.map((o) => dropout(o, this.dropout, true));
    }

    let output = stack(xs, 0); // (L, N, D·H)
    if (!batched) output = output.squeeze(1);
    else if (this.batchFirst) output = output.transpose(0, 1);
    return [output, finals.map((f) => (batched ? stack(f, 0) : stack(f, 0).squeeze(1)))];
  }

  /**
   * The LSTM's fast path, the same computation: per layer and direction one linear projects every
   * step's input, and the fused lstm op runs the recurrence (its cells are lstmCell's formulas).
   * Tracers and profilers (opsWatched) get the step-by-step cells instead, ops they can export.
   */
  private fusedLstm(x: Tensor, states: Tensor[]): [Tensor, Tensor[]] {
    const D = this.directions, [L, N] = x.shape;
    const hN: Tensor[] = [], cN: Tensor[] = [];
    let seq = x; // (L, N, features)
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outs: Tensor[] = [];
      for (let dir = 0; dir < D; dir++) {
        const w = this.weights(layer, dir);
        const b = w.bIh && w.bHh ? w.bIh.add(w.bHh) : (w.bIh ?? w.bHh);
        const xz = linear(seq.reshape([L * N, seq.shape[2]]), w.wIh, b).reshape([L, N, w.wIh.shape[0]]);
        const [h0, c0] = states.map((st) => st.select(0, layer * D + dir));
        const y = lstm(xz, h0, c0, w.wHh, { reverse: dir === 1 });
        const last = dir === 1 ? 0 : L - 1;
        outs.push(y.select(0, 0));
        hN.push(y.select(0, 0).select(0, last));
        cN.push(y.select(0, 1).select(0, last));
      }
      seq = D === 2 ? cat(outs, -1) : outs[0];
      if (this.dropout > 0 && this.training && layer < this.numLayers - 1) seq = dropout(seq, this.dropout, true);
    }
    return [seq, [stack(hN, 0), stack(cN, 0)]];
  }

  override extraRepr(): string {
    const args = reprArgs([
      ['numLayers', this.numLayers, 1], ['bias', this.bias, true], ['batchFirst', this.batchFirst, false],
      ['dropout', this.dropout, 0], ['bidirectional', this.bidirectional, false],
    ]);
    return [this.inputSize, this.hiddenSize, ...(args ? [args] : [])].join(', ');
  }
}

/** Elman RNN: h_t = tanh(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh) (or relu). */
export class RNN extends RNNBase {
  readonly nonlinearity: RnnNonlinearity;

  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    super('RNN', 1, inputSize, hiddenSize, opts);
    const { nonlinearity = 'tanh' } = opts;
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new ValueError(`RNN: nonlinearity must be 'tanh' or 'relu', got '${nonlinearity}'`);
    this.nonlinearity = nonlinearity;
  }

  protected step(x: Tensor, [h]: Tensor[], w: CellWeights): Tensor[] {
    return [rnnCell(x, h, w.wIh, w.wHh, w.bIh, w.bHh, this.nonlinearity)];
  }

  /** → [output, hN]. */
  forward(input: Tensor, h0?: Tensor | null): [Tensor, Tensor] {
    const [output, [hN]] = this.run(input, [h0]);
    return [output, hN];
  }

  override extraRepr(): string {
    return this.nonlinearity === 'tanh' ? super.extraRepr() : `${super.extraRepr()}, nonlinearity='relu'`;
  }
}

/** LSTM: gates i, f, g, o per step (see lstmCell); the state is the pair (h, c). */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, opts: RNNBaseOptions = {}) {
    super('LSTM', 4, inputSize, hiddenSize, opts);
  }

  protected step(x: Tensor, [h, c]: Tensor[], w: CellWeights): Tensor[] {
    return lstmCell(x, [h, c], w.wIh, w.wHh, w.bIh, w.bHh);
  }

  /** → [output, [hN, cN]]; give both initial states or neither, as PyTorch. */
  forward(input: Tensor, state?: readonly [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]] {
    if (state && (state.length !== 2 || !state[0] || !state[1])) throw new ValueError('LSTM: the initial state must be a pair [h0, c0]');
    const [output, [hN, cN]] = this.run(input, state ? [state[0], state[1]] : [null, null]);
    return [output, [hN, cN]];
  }
}

/** GRU: gates r, z, n per step (see gruCell). */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, opts: RNNBaseOptions = {}) {
    super('GRU', 3, inputSize, hiddenSize, opts);
  }

  protected step(x: Tensor, [h]: Tensor[], w: CellWeights): Tensor[] {
    return [gruCell(x, h, w.wIh, w.wHh, w.bIh, w.bHh)];
  }

  /** → [output, hN]. */
  forward(input: Tensor, h0?: Tensor | null): [Tensor, Tensor] {
    const [output, [hN]] = this.run(input, [h0]);
    return [output, hN];
  }
}
