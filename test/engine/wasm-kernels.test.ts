// The two builds of the wasm kernels (issue 14): 'relaxed' (fused multiply-add through WebAssembly
// relaxed SIMD) agrees with 'portable' within float32 rounding, 'portable' stays bit-identical
// whatever the host supports, and the switch rejects unknown choices. Node 20 runs relaxed SIMD
// only behind a flag, so those checks run in a child process; the suite never needs the flag.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setWasmKernels, getWasmKernels, ValueError } from '../../engine/index.ts';
import { relaxedSimdSupported } from '../../engine/backend/wasm/index.ts';
import { matmulCases } from './wasm-kernels-cases.ts';

const CHILD = new URL('./wasm-kernels-child.ts', import.meta.url).pathname;
const FLAG = '--experimental-wasm-relaxed-simd';

function child(flags: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', CHILD], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('setWasmKernels: an unknown choice is a ValueError naming the allowed ones', () => {
  assert.throws(() => setWasmKernels('fma' as 'auto'), (e: Error) => e instanceof ValueError
    && /setWasmKernels: unknown wasm kernels "fma"; choose one of 'auto', 'portable', 'relaxed'/.test(e.message));
  setWasmKernels('portable');
  assert.equal(getWasmKernels(), 'portable');
  if (!relaxedSimdSupported()) {
    // Asking for relaxed where the host lacks it is an error, not a silent fallback.
    assert.throws(() => setWasmKernels('relaxed'), (e: Error) => e instanceof ValueError && /relaxed SIMD.*--experimental-wasm-relaxed-simd/.test(e.message));
    setWasmKernels('auto');
    assert.equal(getWasmKernels(), 'portable', "'auto' without relaxed SIMD");
  }
});

test('GRADSCHOOL_WASM_KERNELS: an unknown value stops start-up naming the allowed ones', () => {
  const r = child([], { GRADSCHOOL_WASM_KERNELS: 'fast' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /ValueError: GRADSCHOOL_WASM_KERNELS: unknown wasm kernels "fast"; choose one of 'auto', 'portable', 'relaxed'/);
});

test('relaxed kernels agree with portable within float32 rounding; portable is bit-identical with or without relaxed SIMD', (t) => {
  // Node ≥ 22 has relaxed SIMD without the flag (and may not know it).
  const flags = relaxedSimdSupported() ? [] : [FLAG];
  const r = child(flags);
  if (r.status !== 0 && /bad option/.test(r.stderr)) return t.skip(`this Node has no ${FLAG}`);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  if (!out.relaxedSupported) return t.skip('no relaxed SIMD in this Node even with the flag');
  const { first: relaxed, portable } = out;
  assert.equal(relaxed.kernels, 'relaxed', "'auto' picks relaxed where the host has it");
  assert.equal(portable.kernels, 'portable');
  assert.deepEqual(out.afterSwitch, [[6], [14]], 'a tensor made in the relaxed build’s memory, used after switching');

  // −(1 + 2⁻¹¹) + (1 + 2⁻¹²)² is 2⁻²⁴ with the product fused into the sum, 0 when it is rounded first.
  assert.equal(portable.probe, 0);
  assert.ok(relaxed.probe === 2 ** -24 || relaxed.probe === 0, `probe ${relaxed.probe}`);
  const fused = relaxed.probe !== 0; // relaxed_madd may be unfused on a CPU without FMA
  t.diagnostic(`relaxed_madd is ${fused ? 'fused' : 'not fused'} on this CPU`);

  setWasmKernels('portable');
  const here = matmulCases();
  let worst = 0, differing = 0;
  here.forEach((c, i) => {
    // Portable: the same bits in a process with relaxed SIMD on, and on 1 or 2 threads.
    assert.deepEqual(portable.one[i], c.y, `${c.name}: portable in the child vs here`);
    assert.deepEqual(portable.two[i], c.y, `${c.name}: portable, 2 threads vs 1`);
    assert.deepEqual(relaxed.two[i], relaxed.one[i], `${c.name}: relaxed, 2 threads vs 1`);
    // Both builds sum the same float32 products in the same order; the fused one skips rounding
    // each product (at most 2⁻²⁴ of it), and those differences add up along k. Their bound is
    // relative to Σ|a|·|b|, not to |y|, which cancellation can make tiny. Worst case k·2⁻²⁴;
    // as a random walk about √k·2⁻²⁴ ≈ 2e-6 at k = 1000: 1e-5 leaves a margin.
    for (let row = 0; row < c.m; row++) for (let col = 0; col < c.n; col++) {
      let scale = 0;
      for (let p = 0; p < c.k; p++) scale += Math.abs(c.a[row * c.k + p] * c.b[p * c.n + col]);
      const j = row * c.n + col, gap = Math.abs(relaxed.one[i][j] - c.y[j]) / scale;
      worst = Math.max(worst, gap);
      if (relaxed.one[i][j] !== c.y[j]) differing++;
      assert.ok(gap <= 1e-5, `${c.name} [${row}, ${col}]: relaxed ${relaxed.one[i][j]} vs portable ${c.y[j]} (Σ|a||b| = ${scale})`);
    }
  });
  t.diagnostic(`relaxed vs portable: ${differing} elements differ, largest gap ${worst.toExponential(2)} of Σ|a||b|`);
  // Fused, some product somewhere must round differently: proof that the relaxed module ran.
  if (fused) assert.ok(differing > 0, 'relaxed results identical to portable: the FMA path did not run');
  else assert.equal(differing, 0);
});
