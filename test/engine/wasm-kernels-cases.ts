// The seeded matmuls wasm-kernels.test.ts compares across kernel builds and processes: shapes off
// the 4×8 tile, depths past one packed block, transposed operands, a batch big enough to split
// across threads. Each case returns its operands' values too, for the error bound Σ|a|·|b|.

import { manualSeed, randn, tidy, type Tensor } from '../../engine/index.ts';

export interface MatmulCase {
  name: string;
  /** a (m×k) and b (k×n) as dense row-major values, after any transpose. */
  m: number; k: number; n: number;
  a: number[]; b: number[];
  y: number[];
}

const dense = (t: Tensor): number[] => Array.from(t.toTypedArray() as Float32Array);

const SHAPES: [string, number, number, number, boolean, boolean][] = [
  ['13×7·7×5', 13, 7, 5, false, false],
  ['33×300·300×17', 33, 300, 17, false, false],
  ['64×1000·1000×40', 64, 1000, 40, false, false],
  ['aᵀ·b 17×129·129×9', 17, 129, 9, true, false],
  ['a·bᵀ 9×65·65×33', 9, 65, 33, false, true],
  ['256×256·256×256 (split across threads)', 256, 256, 256, false, false],
];

export function matmulCases(): MatmulCase[] {
  manualSeed(14);
  return SHAPES.map(([name, m, k, n, ta, tb]) => tidy(() => {
    const a = ta ? randn([k, m]).mT : randn([m, k]);
    const b = tb ? randn([n, k]).mT : randn([k, n]);
    const y = a.matmul(b);
    return { name, m, k, n, a: dense(a), b: dense(b), y: dense(y) };
  }));
}
