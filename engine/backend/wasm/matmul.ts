// Batched float32 matmul on the wasm sgemm. A resident operand is read in place whenever its
// matrices have unit stride along one dimension (the kernels take any row pitch): dense ones, their
// plain transposes, and views such as attention's heads cut out of a projection by permute. Any
// other is copied into the arena once per distinct matrix (a broadcast batch dim copies one matrix).

import type { CoreKernels, View } from '../backend.ts';
import { offsetsOf } from '../js/strided.ts';
import { numel, isF32 } from './arena.ts';
import { parallel, threadCount, MAX_CHUNKS } from './threads.ts';
import type { WasmContext } from './context.ts';

interface Operand {
  /** Storage offset of each distinct matrix, and which one each batch entry reads. */
  starts: number[];
  which: Int32Array;
  /**
   * 'rows': unit stride along columns, rows `ld` apart; 'columns': stored transposed, unit stride
   * along rows, columns `ld` apart; 'strided': neither (packed dense on copy).
   */
  layout: 'rows' | 'columns' | 'strided';
  ld: number;
}

function operand(v: View, batch: readonly number[], rows: number, cols: number): Operand {
  const nd = v.shape.length;
  // Along a dimension of size 1 any stride will do: take the one that makes the matrix dense.
  const sr = rows === 1 ? cols : v.strides[nd - 2], sc = cols === 1 ? 1 : v.strides[nd - 1];
  const byRows = sc === 1 && sr >= cols, byColumns = !byRows && sr === 1 && sc >= rows;
  const offs = offsetsOf({ data: v.data, shape: batch, strides: v.strides.slice(0, nd - 2), offset: v.offset });
  const index = new Map<number, number>();
  const which = new Int32Array(offs.length);
  offs.forEach((o, i) => {
    if (!index.has(o)) index.set(o, index.size);
    which[i] = index.get(o)!;
  });
  return { starts: [...index.keys()], which, layout: byRows ? 'rows' : byColumns ? 'columns' : 'strided', ld: byRows ? sr : byColumns ? sc : cols };
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
      // A resident operand with a unit stride is read where it lives (base ≥ 0); any other is
      // copied dense, a transposed one as stored (so the copy is a plain one).
      const baseA = A.layout === 'strided' ? -1 : arena.heap.addressOf(a.data, 0);
      const baseB = B.layout === 'strided' ? -1 : arena.heap.addressOf(b.data, 0);
      if (baseA < 0) A.ld = A.layout === 'columns' ? m : kk;
      if (baseB < 0) B.ld = B.layout === 'columns' ? kk : n;
      const slots = threadCount(k);
      const y = arena.result(batches * m * n);
      const at = arena.layout(64, 12 * batches, baseA >= 0 ? 0 : 4 * m * kk * A.starts.length,
        baseB >= 0 ? 0 : 4 * kk * n * B.starts.length, y ? 0 : 4 * batches * m * n, slots * gemmWorkspace);
      if (!at) return js.matmul(a, b, dtype);
      const [desc, ptrs, pa, pb, scratchC, ws] = at;
      // The address of each distinct matrix of an operand: in place, or packed into scratch at `to`.
      const place = (v: View, op: Operand, base: number, to: number, rows: number, cols: number) => op.starts.map((start, i) => {
        if (base >= 0) return base + 4 * start;
        const [sr, sc] = v.strides.slice(nd - 2), stored = op.layout === 'columns';
        arena.write(to + 4 * i * rows * cols, { data: v.data, offset: start, shape: stored ? [cols, rows] : [rows, cols], strides: stored ? [sc, sr] : [sr, sc] });
        return to + 4 * i * rows * cols;
      });
      const addrA = place(a, A, baseA, pa, m, kk), addrB = place(b, B, baseB, pb, kk, n);
      const pc = y ? y.byteOffset : scratchC;
      const tA = A.layout === 'columns', tB = B.layout === 'columns';
      const { per, byCols, size } = split(m, n, kk, batches, slots);
      const w = arena.i32, d = desc >> 2;
      w.set([m, n, kk, A.ld, B.ld, n, (tA ? 1 : 0) | (tB ? 2 : 0), ws, gemmWorkspace, per, byCols, size, ptrs], d);
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
