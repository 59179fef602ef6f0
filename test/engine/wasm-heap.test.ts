// The wasm backend's allocator: size classes waste at most 63 bytes or a quarter, freed blocks are reused by
// the next request of their class, a memory that cannot grow yields 0 (callers then fall back to JS
// arrays) instead of throwing, and tensors are placed in wasm memory only while a scope is open.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Heap, sizeClass } from '../../engine/backend/wasm/heap.ts';
import { openScope, closeScope, isFreed } from '../../engine/backend/scope.ts';

const PAGE = 65536;

test('size classes: cache-line multiples, never smaller than asked, at most 63 bytes or 25% larger, monotonic', () => {
  let previous = 0;
  for (let bytes = 1; bytes <= 1 << 22; bytes = Math.ceil(bytes * 1.07)) {
    const size = sizeClass(bytes);
    assert.equal(size % 64, 0, `${bytes}: ${size}`);
    assert.ok(size >= bytes && size - bytes <= Math.max(63, bytes / 4), `${bytes} → ${size}`);
    assert.ok(size >= previous, `${bytes} → ${size} after ${previous}`);
    previous = size;
  }
});

test('a freed block is the next one its class hands out; other classes do not take it', () => {
  const heap = new Heap(new WebAssembly.Memory({ initial: 1, maximum: 64 }), 64 * PAGE, false);
  const a = heap.alloc(1000), b = heap.alloc(5000);
  assert.ok(a >= 1024 && b > a, 'blocks start past the first KiB');
  heap.release(a, 1000);
  assert.notEqual(heap.alloc(5000), a, 'another class reused the block');
  assert.equal(heap.alloc(1000), a);
});

test('growing: memory grows as needed, and a memory that cannot grow yields 0, not an exception', () => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 3 });
  const heap = new Heap(memory, 100 * PAGE, false); // asks beyond what the memory allows
  assert.ok(heap.alloc(PAGE) > 0);
  assert.ok(memory.buffer.byteLength >= 2 * PAGE, 'memory grew');
  assert.equal(heap.alloc(4 * PAGE), 0, 'past the memory maximum');
  assert.equal(heap.alloc(4 * PAGE, 2 * PAGE), 0, 'past the limit given');
});

test('floats(): only with a shared memory and an open scope; closing the scope frees and marks them', { skip: typeof SharedArrayBuffer === 'undefined' }, () => {
  const heap = new Heap(new WebAssembly.Memory({ initial: 1, maximum: 64, shared: true }), 64 * PAGE, true);
  assert.equal(heap.floats(16), null, 'outside a scope');
  openScope();
  const a = heap.floats(16)!;
  assert.ok(a instanceof Float32Array && a.length === 16 && a.buffer instanceof SharedArrayBuffer);
  const kept = heap.floats(16)!;
  closeScope((data) => data === kept);
  assert.ok(isFreed(a) && !isFreed(kept));
  openScope();
  assert.equal(heap.floats(16)!.byteOffset, a.byteOffset, 'the freed block is reused');
  closeScope(() => false);
  const unshared = new Heap(new WebAssembly.Memory({ initial: 1, maximum: 64 }), 64 * PAGE, false);
  openScope();
  assert.equal(unshared.floats(16), null, 'an unshared memory keeps tensors in JS arrays');
  closeScope(() => false);
});
