// The standard normal density and distribution function, for the Gaussian process's acquisition.

/** φ(z) = exp(−z²/2) / √(2π). */
export const normalPdf = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/**
 * erfc(x) by the Chebyshev fit of Numerical Recipes' erfcc (relative error below 1.2e-7 everywhere),
 * so Φ stays accurate far in the tails where 1 − erf(x) would cancel to zero.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** Φ(z) = P(Z ≤ z) for a standard normal Z. */
export const normalCdf = (z: number): number => 0.5 * erfc(-z / Math.SQRT2);
