// Shape arithmetic shared by every layer: sizes, strides, broadcasting, dim normalization.

import { ShapeError, IndexError, fmtShape } from '../errors.ts';

export type Shape = readonly number[];

export const numel = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

/** Row-major strides: the last dim moves fastest. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** NumPy broadcasting: align right; each pair of sizes must match or one must be 1. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const ndim = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = ndim - s.length + i;
      const size = s[i];
      if (out[j] === 1) out[j] = size;
      else if (size !== 1 && size !== out[j]) {
        throw new ShapeError(`${op}: shapes ${shapes.map(fmtShape).join(' and ')} cannot be broadcast together (dim ${j - ndim}: ${out[j]} vs ${size})`);
      }
    }
  }
  return out;
}

/** Strides that read `shape`/`strides` as if expanded to `target` (stride 0 on broadcast dims). */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[lead + i] = shape[i] === 1 && target[lead + i] !== 1 ? 0 : strides[i];
  return out;
}

/** Turns a possibly negative dim into 0..ndim-1, or throws naming the op. */
export function normalizeDim(op: string, dim: number, ndim: number): number {
  const lo = -Math.max(ndim, 1);
  const hi = Math.max(ndim, 1) - 1;
  if (!Number.isInteger(dim) || dim < lo || dim > hi) {
    throw new IndexError(`${op}: dim ${dim} is out of range for a tensor with ${ndim} dims (expected ${lo}..${hi})`);
  }
  return dim < 0 ? dim + Math.max(ndim, 1) : dim;
}

/** A dim argument as PyTorch takes it: one dim, a list, or undefined (= all dims), normalized and sorted. */
export function normalizeDims(op: string, dim: number | readonly number[] | undefined, ndim: number): number[] {
  if (dim === undefined) return [...Array(ndim).keys()];
  const list = typeof dim === 'number' ? [dim] : [...dim];
  const dims = list.map((d) => normalizeDim(op, d, ndim));
  if (new Set(dims).size !== dims.length) throw new ShapeError(`${op}: dim ${fmtShape(list)} repeats a dim`);
  return dims.sort((a, b) => a - b);
}

export const sameShape = (a: Shape, b: Shape): boolean => a.length === b.length && a.every((s, i) => s === b[i]);
