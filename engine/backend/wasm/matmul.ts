// Batched float32 matmul on the wasm sgemm. A resident operand is read in place; any other is
// copied into the arena once per distinct matrix (a broadcast batch dim copies one matrix). A matrix
// that is the plain transpose of a dense one is read as stored and flagged, so backward's
// transposed operands cost no repacking.

import type { CoreKernels, View } from '../backend.ts';
import { offsetsOf } from '../js/strided.ts';
import { numel, isF32 } from './arena.ts';
import { parallel, threadCount, MAX_CHUNKS } from './threads.ts';
import type { WasmContext } from './context.ts';

interface Operand {
  /** Storage offset of each distinct matrix, and which one each batch entry reads. */
  starts: number[];
  which: Int32Array;
  /** Stored dense as written (ld = cols), dense transposed (ld = rows), or neither (packed on copy). */
  layout: 'dense' | 'transposed' | 'strided';
}

function operand(v: View, batch: readonly number[], rows: number, cols: number): Operand {
  const nd = v.shape.length, sr = v.strides[nd - 2], sc = v.strides[nd - 1];
  const dense = (cols === 1 || sc === 1) && (rows === 1 || sr === cols);
  const transposed = !dense && (rows === 1 || sr === 1) && (cols === 1 || sc === rows);
  const offs = offsetsOf({ data: v.data, shape: batch, strides: v.strides.slice(0, nd - 2), offset: v.offset });
  const index = new Map<number, number>();
  const which = new Int32Array(offs.length);
  offs.forEach((o, i) => {
    if (!index.has(o)) index.set(o, index.size);
    which[i] = index.get(o)!;
  });
  return { starts: [...index.keys()], which, layout: dense ? 'dense' : transposed ? 'transposed' : 'strided' };
}

/** How a task's matrices are cut into chunks for threads: whole matrices, or row / column strips. */
function split(m: number, n: number, k: number, batches: number, slots: number) {
  // Four chunks per thread: when a core is busy elsewhere, the chunk everyone waits for is small.
  const want = slots * 4;
  if (slots <= 1 || 2 * m * n * k * batches < 4e6 || batches >= want) return { per: 1, byCols: 0, size: m };
  const pieces = Math.ceil(want / batches);
  // Strips no thinner than 16: each one packs the other operand again.
  if (n >= m) {
    const size = Math.max(16, Math.ceil(Math.ceil(n / pieces) / 8) * 8);
    return { per: Math.ceil(n / size), byCols: 1, size };
  }
  const size = Math.max(16, Math.ceil(Math.ceil(m / pieces) / 4) * 4);
  return { per: Math.ceil(m / size), byCols: 0, size };
}

export function matmulKernels({ k, arena, js, gemmWorkspace }: WasmContext): Pick<CoreKernels, 'matmul'> {
  return {
    matmul(a, b, dtype) {
      if (dtype !== 'float32' || !isF32(a) || !isF32(b)) return js.matmul(a, b, dtype);
      const nd = a.shape.length, m = a.shape[nd - 2], kk = a.shape[nd - 1], n = b.shape[nd - 1];
      const batch = a.shape.slice(0, nd - 2), batches = numel(batch);
      if (m * n * batches === 0) return new Float32Array(0);
      const A = operand(a, batch, m, kk), B = operand(b, batch, kk, n);
      // A resident dense (or plainly transposed) operand is read where it lives: base ≥ 0.
      const baseA = A.layout === 'strided' ? -1 : arena.heap.addressOf(a.data, 0);
      const baseB = B.layout === 'strided' ? -1 : arena.heap.addressOf(b.data, 0);
      const slots = threadCount(k);
      const y = arena.result(batches * m * n);
      const at = arena.layout(64, 12 * batches, baseA >= 0 ? 0 : 4 * m * kk * A.starts.length,
        baseB >= 0 ? 0 : 4 * kk * n * B.starts.length, y ? 0 : 4 * batches * m * n, slots * gemmWorkspace);
      if (!at) return js.matmul(a, b, dtype);
      const [desc, ptrs, pa, pb, scratchC, ws] = at;
      // The address of each distinct matrix of an operand: in place, or packed into scratch at `to`.
      const place = (v: View, op: Operand, base: number, to: number, rows: number, cols: number) => op.starts.map((start, i) => {
        if (base >= 0) return base + 4 * start;
        const r = op.layout === 'transposed' ? cols : rows, c = op.layout === 'transposed' ? rows : cols;
        const strides = op.layout === 'strided' ? v.strides.slice(nd - 2) : [c, 1];
        arena.write(to + 4 * i * rows * cols, { data: v.data, offset: start, shape: [r, c], strides });
        return to + 4 * i * rows * cols;
      });
      const addrA = place(a, A, baseA, pa, m, kk), addrB = place(b, B, baseB, pb, kk, n);
      const pc = y ? y.byteOffset : scratchC;
      const tA = A.layout === 'transposed', tB = B.layout === 'transposed';
      const { per, byCols, size } = split(m, n, kk, batches, slots);
      const w = arena.i32, d = desc >> 2;
      w.set([m, n, kk, tA ? m : kk, tB ? kk : n, n, (tA ? 1 : 0) | (tB ? 2 : 0), ws, gemmWorkspace, per, byCols, size, ptrs], d);
      for (let i = 0; i < batches; i++) {
        w.set([addrA[A.which[i]], addrB[B.which[i]], pc + 4 * i * m * n], (ptrs >> 2) + 3 * i);
      }
      // At most MAX_CHUNKS chunks per task: a long batch runs as several tasks over slices of it.
      const group = Math.max(1, Math.floor(MAX_CHUNKS / per));
      for (let first = 0; first < batches; first += group) {
        w[d + 12] = ptrs + 12 * first;
        parallel(0, desc, Math.min(group, batches - first) * per, slots, k);
      }
      return y ?? arena.read(pc, batches * m * n);
    },
  };
}
