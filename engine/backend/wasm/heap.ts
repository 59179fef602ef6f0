// The wasm backend's memory allocator. Blocks come in size classes (64-byte steps up to 4 KiB,
// then four classes per doubling, so at most 63 bytes or a quarter is wasted); a freed block goes
// on its class's free list and the next request of that class takes it back, so a training loop
// that makes the same shapes every step stops growing memory after its first step.
//
// Tensors made by wasm kernels live here as Float32Array views ("resident": the next kernel reads
// them in place, no copy). That needs a shared memory: growing it never detaches existing views.
// Without one (a browser page that is not cross-origin isolated) only the kernels' scratch lives
// here and tensors stay in JS arrays.

import { trackStorage, markFreed, inScope } from '../scope.ts';

const BASE = 1024; // the first KiB stays unused, so a stray null pointer never reads live data
const PAGE = 65536;

/** The block size a request of `bytes` gets: a multiple of 64, so every block is cache-line aligned. */
export function sizeClass(bytes: number): number {
  if (bytes <= 4096) return Math.max(64, Math.ceil(bytes / 64) * 64);
  const quarter = 2 ** Math.floor(Math.log2(bytes - 1)) / 4;
  return Math.ceil(bytes / quarter) * quarter;
}

export class Heap {
  private top = BASE;
  private readonly freeLists = new Map<number, number[]>();
  /** Every buffer object the memory has handed out: views made before a grow keep the old one. */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  /** Frees a resident array's block when the array is garbage-collected (arrays that outlive every scope). */
  private readonly registry = new FinalizationRegistry<[number, number]>(([ptr, bytes]) => this.release(ptr, bytes));
  private buffer!: ArrayBufferLike;
  f32!: Float32Array;
  i32!: Int32Array;
  u8!: Uint8Array;

  /**
   * @param memory the kernels' memory; blocks start at byte 1024
   * @param maxBytes the most memory to grow to
   * @param resident whether tensors may live here (shared memory only)
   */
  constructor(readonly memory: WebAssembly.Memory, private readonly maxBytes: number, readonly resident: boolean) {
    this.refresh();
  }

  /** A block of at least `bytes` bytes, or 0 when it would take memory past `limit` bytes. */
  alloc(bytes: number, limit = this.maxBytes): number {
    const size = sizeClass(bytes);
    const reuse = this.freeLists.get(size)?.pop();
    if (reuse !== undefined) return reuse;
    const end = this.top + size;
    if (end > limit) return 0;
    if (end > this.memory.buffer.byteLength) {
      const have = this.memory.buffer.byteLength;
      // Grow by at least a quarter, so a loop that allocates a little more each time grows rarely.
      const want = Math.max(end, Math.min(this.maxBytes, have + have / 4));
      // A host short of memory may refuse: then just what is needed, else callers fall back to JS
      // arrays and the js kernels.
      if (!this.grow(want - have) && !this.grow(end - have)) return 0;
      this.refresh();
    }
    const at = this.top;
    this.top = end;
    return at;
  }

  /** Returns a block to its class's free list. */
  release(ptr: number, bytes: number): void {
    const size = sizeClass(bytes);
    let list = this.freeLists.get(size);
    if (!list) this.freeLists.set(size, (list = []));
    list.push(ptr);
  }

  /**
   * A Float32Array of n floats living in wasm memory, or null (no scope open, memory not shared, or
   * full). The innermost open scope frees it when it closes, unless kept; garbage collection frees
   * what is kept.
   */
  floats(n: number): Float32Array | null {
    if (!this.resident || n === 0 || !inScope()) return null;
    // Tensors may fill half the memory; the rest stays for kernels' scratch, which must always fit.
    const ptr = this.alloc(4 * n, this.maxBytes / 2);
    if (ptr === 0) return null;
    const view = new Float32Array(this.buffer, ptr, n);
    this.registry.register(view, [ptr, 4 * n], view);
    trackStorage(view, () => {
      this.registry.unregister(view);
      markFreed(view);
      this.release(ptr, 4 * n);
    });
    return view;
  }

  /** Byte address of element `offset` of a resident float32 array, or -1 when the array is not in this memory. */
  addressOf(data: ArrayLike<number>, offset: number): number {
    if (!(data instanceof Float32Array) || !this.buffers.has(data.buffer)) return -1;
    return data.byteOffset + 4 * offset;
  }

  private grow(bytes: number): boolean {
    try {
      this.memory.grow(Math.ceil(bytes / PAGE));
      return true;
    } catch {
      return false;
    }
  }

  private refresh(): void {
    this.buffer = this.memory.buffer;
    this.buffers.add(this.buffer);
    this.f32 = new Float32Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
    this.u8 = new Uint8Array(this.buffer);
  }
}
