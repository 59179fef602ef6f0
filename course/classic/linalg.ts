// Dense linear algebra on row-major Float64Arrays, as small as the classic methods need: the Cholesky
// factor of a symmetric positive-definite matrix and the two triangular solves that use it.

/** An n×n matrix, row-major: entry (i, j) is data[i * n + j]. */
export interface SquareMatrix {
  n: number;
  data: Float64Array;
}

/**
 * The lower-triangular L with A = L·Lᵀ (Cholesky–Banachiewicz, row by row). Throws if A is not
 * positive definite, naming the pivot that failed, rather than returning NaNs.
 */
export function cholesky(a: SquareMatrix): SquareMatrix {
  const { n, data } = a;
  if (data.length !== n * n) throw new Error(`cholesky: expected ${n}×${n} = ${n * n} entries, got ${data.length}`);
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = data[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        // s is the pivot: A's leading (i+1)×(i+1) block is positive definite only if it is > 0.
        if (!(s > 0)) throw new Error(`cholesky: the matrix is not positive definite (pivot ${i} is ${s}); add jitter to the diagonal`);
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j]!;
    }
  }
  return { n, data: l };
}

/** Solves L·x = b for lower-triangular L (forward substitution). */
export function solveLower(l: SquareMatrix, b: ArrayLike<number>): Float64Array {
  const { n, data } = l;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= data[i * n + k]! * x[k]!;
    x[i] = s / data[i * n + i]!;
  }
  return x;
}

/** Solves Lᵀ·x = b for lower-triangular L (back substitution on the transpose, without forming it). */
export function solveUpperTransposed(l: SquareMatrix, b: ArrayLike<number>): Float64Array {
  const { n, data } = l;
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= data[k * n + i]! * x[k]!;
    x[i] = s / data[i * n + i]!;
  }
  return x;
}

/** Solves A·x = b given A's Cholesky factor L: L·y = b, then Lᵀ·x = y. */
export const choleskySolve = (l: SquareMatrix, b: ArrayLike<number>): Float64Array => solveUpperTransposed(l, solveLower(l, b));
