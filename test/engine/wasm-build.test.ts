// The committed kernels.wasm (and its base64 twin kernels-wasm.ts) must be exactly what the
// AssemblyScript sources build to, and the module must load with shared and unshared memory. The same
// for the relaxed-SIMD build (kernels-relaxed.wasm), which only hosts with relaxed SIMD can compile.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelsWasmBase64 } from '../../engine/backend/wasm/kernels-wasm.ts';
import { kernelsRelaxedWasmBase64 } from '../../engine/backend/wasm/kernels-relaxed-wasm.ts';
import { unshareMemoryImport, MAX_PAGES } from '../../engine/backend/wasm/instance.ts';

const dir = new URL('../../engine/backend/wasm/', import.meta.url).pathname;
const committed = readFileSync(join(dir, 'kernels.wasm'));
const committedRelaxed = readFileSync(join(dir, 'kernels-relaxed.wasm'));

test('kernels.wasm and kernels-wasm.ts are what `npm run build:wasm` builds from the sources', () => {
  const out = mkdtempSync(join(tmpdir(), 'gradschool-wasm-'));
  try {
    const r = spawnSync(process.execPath, [new URL('../../scripts/build-wasm.mjs', import.meta.url).pathname, out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(readFileSync(join(out, 'kernels.wasm')).equals(committed), 'kernels.wasm is stale: run `npm run build:wasm`');
    assert.equal(readFileSync(join(out, 'kernels-wasm.ts'), 'utf8'), readFileSync(join(dir, 'kernels-wasm.ts'), 'utf8'), 'kernels-wasm.ts is stale');
    assert.ok(readFileSync(join(out, 'kernels-relaxed.wasm')).equals(committedRelaxed), 'kernels-relaxed.wasm is stale: run `npm run build:wasm`');
    assert.equal(readFileSync(join(out, 'kernels-relaxed-wasm.ts'), 'utf8'), readFileSync(join(dir, 'kernels-relaxed-wasm.ts'), 'utf8'), 'kernels-relaxed-wasm.ts is stale');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('kernels-wasm.ts holds the same bytes as kernels.wasm, kernels-relaxed-wasm.ts as kernels-relaxed.wasm', () => {
  assert.ok(Buffer.from(kernelsWasmBase64, 'base64').equals(committed));
  assert.ok(Buffer.from(kernelsRelaxedWasmBase64, 'base64').equals(committedRelaxed));
  assert.ok(!committedRelaxed.equals(committed), 'the relaxed build differs from the portable one');
});

test('the module instantiates on a shared memory, and on an unshared one once its import is unshared', () => {
  const shared = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
  const a = new WebAssembly.Instance(new WebAssembly.Module(committed), { env: { memory: shared } });
  assert.equal(typeof a.exports.sgemm, 'function');
  const plain = new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES }); // room for sgemm's packing scratch
  assert.throws(() => new WebAssembly.Instance(new WebAssembly.Module(committed), { env: { memory: plain } }));
  const unshared = unshareMemoryImport(new Uint8Array(committed));
  assert.equal(unshared.length, committed.length);
  const b = new WebAssembly.Instance(new WebAssembly.Module(unshared as BufferSource), { env: { memory: plain } });
  // A 2×2 product on the unshared instance: [[1, 2], [3, 4]]·[[5, 6], [7, 8]] = [[19, 22], [43, 50]].
  const f = new Float32Array(plain.buffer);
  f.set([1, 2, 3, 4, 5, 6, 7, 8], 256);
  const ws = 4096;
  (b.exports.sgemm as CallableFunction)(1024, 1040, 1056, 2, 2, 2, 2, 2, 2, 0, 0, 0, ws);
  assert.deepEqual([...f.subarray(264, 268)], [19, 22, 43, 50]);
});

for (const [name, bytes] of [['kernels.wasm', committed], ['kernels-relaxed.wasm', committedRelaxed]] as const) test(`${name} carries no static data: the scratch arena would overwrite it`, () => {
  const committed = bytes;
  // Section ids in order of appearance; 11 is the data section (AssemblyScript puts lookup tables
  // there, e.g. for the std Math.log, and the kernels' arena spans the memory they would live in).
  const ids: number[] = [];
  let p = 8;
  const leb = (): number => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const b = committed[p++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
  };
  while (p < committed.length) {
    ids.push(committed[p++]);
    const size = leb(); // read first: `p += leb()` would add to p's value from before the read
    p += size;
  }
  assert.ok(ids.includes(10), 'the parse found the code section');
  assert.ok(!ids.includes(11), `${name} has a data section: a kernel uses a std function with tables (use the SIMD math in assembly/math.ts)`);
});
