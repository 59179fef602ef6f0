// How a batch reaches the data-parallel workers: the caller copies every input into one shared
// buffer and describes it (dtype, shape, where it starts) in shared words; each worker cuts out
// its own rows. No message per step: a posted message waits for the worker's event loop, which
// cost more than a small model's whole step (about 1.2 ms per step for the bench MLP, measured).

import type { Tensor } from '../tensor/tensor.ts';
import { fromTypedArray } from '../tensor/creation.ts';
import { ValueError } from '../errors.ts';
import type { DType, TypedArray } from '../tensor/dtype.ts';

export const MAX_INPUTS = 8;
export const MAX_DIMS = 6;
const WORDS_PER_INPUT = 3 + MAX_DIMS; // dtype code, ndim, byte offset, dims
export const META_WORDS = 2 + MAX_INPUTS * WORDS_PER_INPUT; // count, first packed row, inputs

const DTYPES: readonly DType[] = ['float32', 'int32', 'float64', 'bool'];
const ARRAYS = [Float32Array, Int32Array, Float64Array, Uint8Array] as const;

/** A typed view of the shared buffer in the input's dtype (one constructor type, for the compiler). */
const view = (code: number, buffer: SharedArrayBuffer, at: number, length: number): TypedArray =>
  new (ARRAYS[code] as Float32ArrayConstructor)(buffer, at, length) as TypedArray;

/** The rows replica r of `count` takes of a batch of `total`: as even as they go, the first (total mod count) replicas one more. */
export function rowsOf(total: number, count: number, r: number): { start: number; rows: number } {
  const base = Math.floor(total / count), extra = total % count;
  return { start: r * base + Math.min(r, extra), rows: base + (r < extra ? 1 : 0) };
}

/** Refuses what cannot travel, naming the input. */
export function checkInputs(where: string, inputs: readonly Tensor[]): void {
  if (inputs.length > MAX_INPUTS) throw new ValueError(`${where}: at most ${MAX_INPUTS} inputs, got ${inputs.length}`);
  inputs.forEach((t, i) => {
    if (t.shape.length > MAX_DIMS) throw new ValueError(`${where}: input ${i} has ${t.shape.length} dims, at most ${MAX_DIMS}`);
  });
}

/** The bytes rows `from`… of the inputs take in the shared buffer (each start aligned to 8). */
export const bytesFor = (inputs: readonly Tensor[], from: number): number =>
  inputs.reduce((sum, t) => sum + align(((t.shape[0] - from) * t.numel() / t.shape[0]) * ARRAYS[DTYPES.indexOf(t.dtype)].BYTES_PER_ELEMENT), 0);

const align = (bytes: number): number => Math.ceil(bytes / 8) * 8;

/**
 * Writes rows `from`… of every input (the rows before are the caller's own share, never read by a
 * worker) and their description; the buffer must hold bytesFor(inputs, from).
 */
export function pack(inputs: readonly Tensor[], from: number, buffer: SharedArrayBuffer, meta: Int32Array): void {
  meta[0] = inputs.length;
  meta[1] = from;
  let at = 0;
  inputs.forEach((t, i) => {
    const code = DTYPES.indexOf(t.dtype), w = 2 + i * WORDS_PER_INPUT, rest = t.narrow(0, from, t.shape[0] - from);
    meta[w] = code;
    meta[w + 1] = t.shape.length;
    meta[w + 2] = at;
    t.shape.forEach((d, j) => (meta[w + 3 + j] = d));
    view(code, buffer, at, rest.numel()).set(rest.toTypedArray() as never);
    at += align(rest.numel() * ARRAYS[code].BYTES_PER_ELEMENT);
  });
}

/** Rows [start, start + rows) of every packed input, as tensors of their own (copied: the buffer is reused). */
export function unpack(buffer: SharedArrayBuffer, meta: Int32Array, start: number, rows: number): Tensor[] {
  const first = start - meta[1];
  return Array.from({ length: meta[0] }, (_, i) => {
    const w = 2 + i * WORDS_PER_INPUT, code = meta[w], ndim = meta[w + 1], at = meta[w + 2];
    const shape = Array.from({ length: ndim }, (_, j) => meta[w + 3 + j]);
    const row = shape.slice(1).reduce((p, d) => p * d, 1);
    const data = view(code, buffer, at + first * row * ARRAYS[code].BYTES_PER_ELEMENT, rows * row).slice();
    return fromTypedArray(data, [rows, ...shape.slice(1)], { dtype: DTYPES[code] });
  });
}
