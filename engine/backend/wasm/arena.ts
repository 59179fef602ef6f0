// How a wasm kernel call meets memory. Inputs that already live in wasm memory (resident, packed)
// are read where they are; any other input is copied into the scratch arena, one heap block that
// each call lays out from its start. Results are written straight into a fresh resident array
// where the memory allows, else into scratch and copied out.

import type { View } from '../backend.ts';
import type { TypedArray } from '../../tensor/dtype.ts';
import { isContiguous } from '../js/strided.ts';
import { sizeClass, type Heap } from './heap.ts';

const ALIGN = 64; // cache-line aligned blocks

export const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export class Arena {
  private block = 0;
  private blockBytes = 0;

  constructor(readonly heap: Heap) {}

  // Views of the whole memory, renewed whenever it grows.
  get f32(): Float32Array {
    return this.heap.f32;
  }

  get i32(): Int32Array {
    return this.heap.i32;
  }

  get u8(): Uint8Array {
    return this.heap.u8;
  }

  /** Byte addresses for scratch blocks of these byte sizes (valid until the next call); null past the memory limit. */
  layout(...bytes: number[]): number[] | null {
    let total = 0;
    const at = bytes.map((b) => {
      const here = total;
      total += Math.ceil(b / ALIGN) * ALIGN;
      return here;
    });
    if (total > this.blockBytes) {
      if (this.block) this.heap.release(this.block, this.blockBytes);
      this.blockBytes = sizeClass(total);
      this.block = this.heap.alloc(this.blockBytes);
      if (!this.block) {
        this.blockBytes = 0;
        return null;
      }
    }
    return at.map((a) => this.block + a);
  }

  /** Where a kernel can read view v in place (a packed resident float32 view), else -1. */
  inPlace(v: View): number {
    return isContiguous(v) ? this.heap.addressOf(v.data, v.offset) : -1;
  }

  /** Scratch bytes view v needs: none when it is read in place. */
  need(v: View): number {
    return this.inPlace(v) >= 0 ? 0 : 4 * numel(v.shape);
  }

  /** The address a kernel reads view v from: in place, or after packing it into scratch at `at`. */
  input(v: View, at: number): number {
    const p = this.inPlace(v);
    if (p >= 0) return p;
    this.write(at, v);
    return at;
  }

  /** A resident array for a kernel's result of n floats, or null (then use scratch and read()). */
  result(n: number): Float32Array | null {
    return this.heap.floats(n);
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
  // An odometer over the outer dims; each long unit-strided run along the last dim is one set().
  // Short runs (a head's 16 features) go element by element: a subarray per run costs more.
  const nd = v.shape.length, len = v.shape[nd - 1], step = v.strides[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let pos = v.offset;
  for (let done = 0; done < n; done += len) {
    if (step === 1 && len >= 64) dst.set(src.subarray(pos, pos + len), at);
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
