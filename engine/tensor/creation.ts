// Making tensors: from nested arrays or typed arrays, filled, ranges, identity, and random.
// Plain JS numbers default to float32 (JS cannot tell 1 from 1.0); pass {dtype} for others.

import { Tensor, type NestedArray } from './tensor.ts';
import { allocate, checkAllocation, dtypeOfArray, castArray, type DType, type TypedArray } from './dtype.ts';
import { numel, type Shape } from './shape.ts';
import { nextUniform, nextNormal, nextInt } from './random.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';
import { checkOptions } from '../options.ts';

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

const TENSOR_OPTIONS = ['dtype', 'requiresGrad'] as const;
const NO_DEVICE = { device: 'device is not an option: the backend (setBackend) decides where tensors live' };
/** Rejects a key other than dtype/requiresGrad (requires_grad gets a hint) and hands the options back. */
const checked = (op: string, opts: TensorOptions): TensorOptions => (checkOptions(op, opts, TENSOR_OPTIONS, NO_DEVICE), opts);

type ShapeArg = number | Shape;
const toShape = (op: string, s: ShapeArg): number[] => {
  const shape = typeof s === 'number' ? [s] : [...s];
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new ValueError(`${op}: sizes must be non-negative integers, got ${fmtShape(shape)}`);
  return shape;
};

function finish(t: Tensor, opts: TensorOptions): Tensor {
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

export type TensorData = NestedArray | number | boolean | TypedArray;

/** tensor([[1, 2], [3, 4]]), tensor(3.5), tensor(new Int32Array([1, 2])), with {dtype, requiresGrad}. */
export function tensor(data: TensorData, opts: TensorOptions = {}): Tensor {
  checked('tensor', opts);
  if (ArrayBuffer.isView(data)) {
    const src = data as TypedArray;
    const dtype = opts.dtype ?? dtypeOfArray(src);
    return finish(new Tensor(castArray(src, dtype), [src.length]), opts);
  }
  const shape: number[] = [];
  for (let level: unknown = data; Array.isArray(level); level = level[0]) shape.push(level.length);
  const flat: (number | boolean)[] = [];
  const walk = (x: unknown, d: number, path: string): void => {
    if (d === shape.length) {
      if (Array.isArray(x)) throw new ShapeError(`tensor: ragged nested array at ${path}: expected a number, got a list`);
      if (typeof x !== 'number' && typeof x !== 'boolean') throw new ValueError(`tensor: element at ${path} is ${typeof x}, not a number`);
      flat.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[d]) {
      throw new ShapeError(`tensor: ragged nested array at ${path}: expected a list of length ${shape[d]}, got ${Array.isArray(x) ? `length ${x.length}` : typeof x}`);
    }
    x.forEach((v, i) => walk(v, d + 1, `${path}[${i}]`));
  };
  walk(data, 0, 'data');
  const allBool = flat.length > 0 && flat.every((v) => typeof v === 'boolean');
  const dtype = opts.dtype ?? (allBool ? 'bool' : 'float32');
  const out = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) out[i] = dtype === 'bool' ? (flat[i] ? 1 : 0) : dtype === 'int32' ? Math.trunc(+flat[i]) : +flat[i];
  return finish(new Tensor(out, shape), opts);
}

/** A tensor over an existing typed array with the given shape (no copy). */
export function fromTypedArray(data: TypedArray, shape: Shape, opts: TensorOptions = {}): Tensor {
  checked('fromTypedArray', opts);
  if (numel(shape) !== data.length) {
    throw new ShapeError(`fromTypedArray: shape ${fmtShape(shape)} holds ${numel(shape)} elements but the array has ${data.length}`);
  }
  const arr = opts.dtype && opts.dtype !== dtypeOfArray(data) ? castArray(data, opts.dtype) : data;
  return finish(new Tensor(arr, shape), opts);
}

export function full(shape: ShapeArg, value: number, opts: TensorOptions = {}): Tensor {
  checked('full', opts);
  const s = toShape('full', shape);
  checkAllocation('full', opts.dtype ?? 'float32', numel(s), s);
  const data = allocate(opts.dtype ?? 'float32', numel(s));
  if (value !== 0) data.fill(value);
  return finish(new Tensor(data, s), opts);
}

export const zeros = (shape: ShapeArg, opts: TensorOptions = {}): Tensor => full(shape, 0, checked('zeros', opts));
export const ones = (shape: ShapeArg, opts: TensorOptions = {}): Tensor => full(shape, 1, checked('ones', opts));

/** A zero-dim tensor holding one number. */
export const scalar = (value: number, opts: TensorOptions = {}): Tensor => full([], value, checked('scalar', opts));

/** arange(end), arange(start, end, step): values start, start+step, … stopping before end. */
export function arange(start: number, end?: number, step = 1, opts: TensorOptions = {}): Tensor {
  checked('arange', opts);
  if (end === undefined) [start, end] = [0, start];
  if (step === 0) throw new ValueError('arange: step must be non-zero');
  if (![start, end, step].every(Number.isFinite)) throw new ValueError(`arange: start, end and step must be finite, got ${start}, ${end}, ${step}`);
  const n = Math.max(0, Math.ceil((end - start) / step));
  const allInt = [start, end, step].every(Number.isInteger);
  checkAllocation(`arange(${start}, ${end}, ${step})`, opts.dtype ?? (allInt ? 'int32' : 'float32'), n);
  const data = allocate(opts.dtype ?? (allInt ? 'int32' : 'float32'), n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return finish(new Tensor(data, [n]), opts);
}

/** `steps` evenly spaced values from start to end inclusive. */
export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  checked('linspace', opts);
  if (!Number.isInteger(steps) || steps < 0) throw new ValueError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const data = allocate(opts.dtype ?? 'float32', steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill from both ends so the last value is exactly `end`, as torch does.
  for (let i = 0; i < steps; i++) data[i] = i < steps / 2 ? start + i * delta : end - (steps - 1 - i) * delta;
  return finish(new Tensor(data, [steps]), opts);
}

/** Identity matrix n×m (m defaults to n). */
export function eye(n: number, m = n, opts: TensorOptions = {}): Tensor {
  const t = zeros([n, m], checked('eye', opts));
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}

function random(shape: ShapeArg, opts: TensorOptions, draw: () => number, op: string): Tensor {
  checked(op, opts);
  const s = toShape(op, shape);
  checkAllocation(op, opts.dtype ?? 'float32', numel(s), s);
  const data = allocate(opts.dtype ?? 'float32', numel(s));
  for (let i = 0; i < data.length; i++) data[i] = draw();
  return finish(new Tensor(data, s), opts);
}

// A double just below 1 rounds to exactly 1 in float32 (about once in 2^25 draws); keep [0, 1) half-open.
const uniformBelowOne32 = (): number => {
  const u = nextUniform();
  return Math.fround(u) < 1 ? u : 1 - 2 ** -24;
};

/** Uniform on [0, 1). */
export const rand = (shape: ShapeArg, opts: TensorOptions = {}): Tensor =>
  random(shape, opts, opts.dtype === 'float64' ? nextUniform : uniformBelowOne32, 'rand');
/** Standard normal. */
export const randn = (shape: ShapeArg, opts: TensorOptions = {}): Tensor => random(shape, opts, nextNormal, 'randn');

/** Uniform integers in [low, high), int32 by default. */
export function randint(low: number, high: number, shape: ShapeArg, opts: TensorOptions = {}): Tensor {
  checked('randint', opts);
  if (!(high > low)) throw new ValueError(`randint: high (${high}) must be greater than low (${low})`);
  return random(shape, { dtype: 'int32', ...opts }, () => nextInt(low, high), 'randint');
}

/** A random permutation of 0..n-1 (Fisher–Yates), int32. */
export function randperm(n: number): Tensor {
  checkAllocation('randperm', 'int32', n);
  const data = new Int32Array(n);
  for (let i = 0; i < n; i++) data[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = nextInt(0, i + 1);
    [data[i], data[j]] = [data[j], data[i]];
  }
  return new Tensor(data, [n]);
}

const like = (op: string, x: Tensor, opts: TensorOptions): TensorOptions => ({ dtype: x.dtype, ...checked(op, opts) });
export const zerosLike = (x: Tensor, opts: TensorOptions = {}): Tensor => zeros(x.shape, like('zerosLike', x, opts));
export const onesLike = (x: Tensor, opts: TensorOptions = {}): Tensor => ones(x.shape, like('onesLike', x, opts));
export const fullLike = (x: Tensor, value: number, opts: TensorOptions = {}): Tensor => full(x.shape, value, like('fullLike', x, opts));
export const randLike = (x: Tensor, opts: TensorOptions = {}): Tensor => rand(x.shape, like('randLike', x, opts));
export const randnLike = (x: Tensor, opts: TensorOptions = {}): Tensor => randn(x.shape, like('randnLike', x, opts));
