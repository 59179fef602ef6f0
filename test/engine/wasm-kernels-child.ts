// Child process of wasm-kernels.test.ts (not a test file itself): runs the same seeded matmuls on
// the kernels build it starts with, then on the portable one after setWasmKernels('portable'), and
// prints the results as JSON. Started with or without --experimental-wasm-relaxed-simd.

import { getWasmKernels, setWasmKernels, setNumThreads, tensor, tidy, keep } from '../../engine/index.ts';
import { relaxedSimdSupported } from '../../engine/backend/wasm/index.ts';
import { matmulCases } from './wasm-kernels-cases.ts';

// Lets the thread pool load node:worker_threads (it does so asynchronously) before any task.
await new Promise((resolve) => setTimeout(resolve, 20));

/** −(1 + 2⁻¹¹) + (1 + 2⁻¹²)²: 2⁻²⁴ when the second product is fused into the sum, 0 when it is rounded first. */
const fusedProbe = (): number => tensor([[-1, 1 + 2 ** -12]]).matmul(tensor([[1 + 2 ** -11], [1 + 2 ** -12]])).item();

// Only the products: the parent makes the same seeded operands itself.
const products = (): number[][] => matmulCases().map((c) => c.y);

const run = () => {
  setNumThreads(1);
  const one = products();
  setNumThreads(2);
  const two = products();
  return { kernels: getWasmKernels(), probe: fusedProbe(), one, two };
};

const first = run();
// A tensor living in the first build's wasm memory must stay usable after the switch.
const kept = tidy(() => keep(tensor([[1, 2], [3, 4]]).mul(2)));
setWasmKernels('portable');
const portable = run();
const afterSwitch = kept.matmul(tensor([[1], [1]])).toArray();
process.stdout.write(JSON.stringify({ relaxedSupported: relaxedSimdSupported(), first, portable, afterSwitch }));
