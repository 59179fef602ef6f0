// The scratch arena in wasm memory: each kernel call lays its blocks out from the same base,
// copies its inputs in, runs, and copies the result out, so memory only grows to the largest
// call seen and then stays flat. Tensors themselves stay in JS typed arrays.

import type { View } from '../backend.ts';
import type { TypedArray } from '../../tensor/dtype.ts';
import { isContiguous } from '../js/strided.ts';
import { MAX_PAGES } from './instance.ts';

const BASE = 1024; // the first KiB stays unused, so a stray null pointer never reads live data
const ALIGN = 64; // cache-line aligned blocks

export const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export class Arena {
  f32: Float32Array;
  i32: Int32Array;
  u8: Uint8Array;

  constructor(readonly memory: WebAssembly.Memory) {
    this.f32 = new Float32Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
    this.u8 = new Uint8Array(memory.buffer);
  }

  /** Byte addresses for blocks of these byte sizes, growing memory as needed; null past the maximum. */
  layout(...bytes: number[]): number[] | null {
    const at: number[] = [];
    let end = BASE;
    for (const b of bytes) {
      at.push(end);
      end += Math.ceil(b / ALIGN) * ALIGN;
    }
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / 65536);
      if (have / 65536 + pages > MAX_PAGES) return null;
      this.memory.grow(pages);
    }
    if (this.f32.buffer !== this.memory.buffer || this.f32.length * 4 !== this.memory.buffer.byteLength) {
      this.f32 = new Float32Array(this.memory.buffer);
      this.i32 = new Int32Array(this.memory.buffer);
      this.u8 = new Uint8Array(this.memory.buffer);
    }
    return at;
  }

  /** Copies a view in at byte address `at`, packed row-major, its values converted to float32. */
  write(at: number, v: View): void {
    packInto(this.f32, at >> 2, v);
  }

  /** Copies an int32 view in at byte address `at`, packed row-major. */
  writeI32(at: number, v: View): void {
    packInto(this.i32, at >> 2, v);
  }

  /** A fresh Float32Array holding n floats from byte address `at`. */
  read(at: number, n: number): Float32Array {
    return this.f32.slice(at >> 2, (at >> 2) + n);
  }
}

/** Copies a view's elements, row-major, into dst from index `at` (converting to dst's element type). */
export function packInto(dst: TypedArray, at: number, v: View): void {
  const src = v.data;
  const n = numel(v.shape);
  if (isContiguous(v)) {
    dst.set(n === src.length && v.offset === 0 ? src : src.subarray(v.offset, v.offset + n), at);
    return;
  }
  // An odometer over the outer dims; each run along the last dim is one set() when unit-strided.
  const nd = v.shape.length, len = v.shape[nd - 1], step = v.strides[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let pos = v.offset;
  for (let done = 0; done < n; done += len) {
    if (step === 1) dst.set(src.subarray(pos, pos + len), at);
    else for (let j = 0, p = pos; j < len; j++, p += step) dst[at + j] = src[p];
    at += len;
    for (let d = nd - 2; d >= 0; d--) {
      pos += v.strides[d];
      if (++idx[d] < v.shape[d]) break;
      pos -= idx[d] * v.strides[d];
      idx[d] = 0;
    }
  }
}

/** True when kernels may read the view's storage as float32 values directly. */
export const isF32 = (v: View): boolean => v.data instanceof Float32Array;
