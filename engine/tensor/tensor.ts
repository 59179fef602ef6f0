// The Tensor: a strided view (shape, strides, offset) over a storage array, plus the autograd
// fields. Ops attach their method forms (x.add(y), x.sum()) from their own files; this file holds
// only what every tensor is, not what can be done with it.

import type { DType, TypedArray } from './dtype.ts';
import { dtypeOfArray, isFloat } from './dtype.ts';
import { contiguousStrides, numel, normalizeDim, type Shape } from './shape.ts';
import { backend, type View } from '../backend/index.ts';
import { isFreed } from '../backend/scope.ts';
import { DTypeError, IndexError, LifetimeError, fmtShape } from '../errors.ts';

/** One recorded op in the autograd graph: the op that made a tensor, and how to send gradients back. */
export interface GradNode {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /** Returns one gradient thunk per input (undefined where the input gets none). Null once freed. */
  backward: ((dy: Tensor) => ReadonlyArray<(() => Tensor) | undefined>) | null;
  /** Extra facts for graph inspection and ONNX tracing (attributes of the op). */
  readonly attrs?: unknown;
}

let nextId = 1;

export class Tensor implements View {
  /** Unique, increasing id: names tensors in graph inspection and error messages. */
  readonly id = nextId++;
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;

  /** The op that produced this tensor; null for leaves (created by the user) and for no-grad results. */
  gradFn: GradNode | null = null;
  grad: Tensor | null = null;
  /** Non-leaf tensors keep .grad only after retainGrad(), as in PyTorch. */
  retainsGrad = false;
  private _requiresGrad = false;

  constructor(data: TypedArray, shape: Shape, strides?: readonly number[], offset = 0) {
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.strides = Object.freeze(strides ? [...strides] : contiguousStrides(shape));
    this.offset = offset;
    this.dtype = dtypeOfArray(data);
  }

  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  set requiresGrad(on: boolean) {
    if (on && !isFloat(this.dtype)) {
      throw new DTypeError(`requiresGrad: only floating-point tensors can require gradients, got ${this.dtype}`);
    }
    if (!on && this.gradFn) {
      throw new DTypeError('requiresGrad: cannot turn off gradients on a non-leaf tensor; use detach()');
    }
    this._requiresGrad = on;
  }

  /** Sets requiresGrad and returns this, for chaining: randn([3]).requiresGrad_(). */
  requiresGrad_(on = true): this {
    this.requiresGrad = on;
    return this;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** Leaves are tensors the user made (or that need no grad); their .grad is filled by backward(). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  dim(): number {
    return this.shape.length;
  }

  numel(): number {
    return numel(this.shape);
  }

  /** The shape, or the size of one dim: x.size(-1). */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return [...this.shape];
    return this.shape[normalizeDim('size', dim, this.ndim)];
  }

  isContiguous(): boolean {
    let expected = 1;
    for (let i = this.ndim - 1; i >= 0; i--) {
      if (this.shape[i] !== 1 && this.strides[i] !== expected) return false;
      expected *= this.shape[i];
    }
    return true;
  }

  /** The elements in row-major order as a fresh typed array (never aliases the storage). */
  toTypedArray(): TypedArray {
    const out = backend().copy(this, this.dtype);
    // A copy made inside a tidy() scope lives in wasm memory and would be freed with the scope:
    // the caller gets one of its own.
    return typeof SharedArrayBuffer !== 'undefined' && out.buffer instanceof SharedArrayBuffer ? out.slice() : out;
  }

  /** Nested JS arrays of numbers (booleans for bool), like tensor.tolist(). */
  toArray(): NestedArray {
    const flat = this.toTypedArray();
    const asValue = (v: number): number | boolean => (this.dtype === 'bool' ? v !== 0 : v);
    if (this.ndim === 0) return asValue(flat[0]) as unknown as NestedArray;
    let pos = 0;
    const build = (d: number): NestedArray => {
      const out: NestedArray = [];
      for (let i = 0; i < this.shape[d]; i++) out.push(d === this.ndim - 1 ? asValue(flat[pos++]) : build(d + 1));
      return out;
    };
    return build(0);
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.numel() !== 1) {
      throw new IndexError(`item: only a one-element tensor can be converted to a number, got shape ${fmtShape(this.shape)}`);
    }
    if (isFreed(this.data)) throw new LifetimeError(`item: tensor #${this.id} was freed when the tidy() scope that made it closed; keep() it to use it later`);
    return this.data[this.offset];
  }

  /** Marks a non-leaf tensor to keep its .grad after backward(). */
  retainGrad(): this {
    if (!this.requiresGrad) throw new DTypeError("retainGrad: can't retain the gradient of a tensor that doesn't require grad");
    if (!this.isLeaf) this.retainsGrad = true;
    return this;
  }

  /** A new leaf sharing storage with this tensor, cut out of the graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, this.strides, this.offset);
  }

  /** Internal: a view on the same storage, no autograd. Ops wrap it to record the graph. */
  _view(shape: Shape, strides: readonly number[], offset = this.offset): Tensor {
    return new Tensor(this.data, shape, strides, offset);
  }
}

export type NestedArray = Array<number | boolean | NestedArray>;

export const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;
