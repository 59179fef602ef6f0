// A two-layer classifier in plain arrays: forward, backward by the chain rule in matrix form, and
// gradients by central finite differences. No engine here on purpose: this is the arithmetic that
// autograd must reproduce (lesson.test.ts checks that it does). Float64 throughout.

export type ActivationName = 'relu' | 'tanh';

/** φ and φ′ of a hidden activation. ReLU's derivative at exactly 0 is taken as 0, as the engine does. */
export const ACT: Record<ActivationName, { f: (z: number) => number; df: (z: number) => number }> = {
  relu: { f: (z) => Math.max(0, z), df: (z) => (z > 0 ? 1 : 0) },
  tanh: { f: Math.tanh, df: (z) => 1 - Math.tanh(z) ** 2 },
};

/** Row-major matrix: `rows × cols` numbers in `v`. */
export interface Mat {
  rows: number;
  cols: number;
  v: Float64Array;
}

export const mat = (rows: number, cols: number, v?: ArrayLike<number>): Mat => ({ rows, cols, v: v ? Float64Array.from(v) : new Float64Array(rows * cols) });

/** The parameters: W1 (m × d), b1 (m), W2 (k × m), b2 (k), as PyTorch's Linear stores them. */
export interface TwoLayerNet {
  w1: Mat;
  b1: Float64Array;
  w2: Mat;
  b2: Float64Array;
}

/** X (N × d), integer labels y (N). */
export interface Batch {
  x: Mat;
  y: Int32Array;
}

export interface Forward {
  z1: Mat; // N × m, pre-activations
  h: Mat; // N × m, hidden values φ(z1)
  z2: Mat; // N × k, logits
  p: Mat; // N × k, softmax probabilities
  loss: number; // mean cross-entropy −(1/N) Σ log p[n, y_n]
}

export interface Grads {
  w1: Float64Array;
  b1: Float64Array;
  w2: Float64Array;
  b2: Float64Array;
}

/** Y = X·Wᵀ + b: X (N × in), W (out × in), b (out). */
function affine(x: Mat, w: Mat, b: Float64Array): Mat {
  const y = mat(x.rows, w.rows);
  for (let n = 0; n < x.rows; n++) {
    for (let o = 0; o < w.rows; o++) {
      let s = b[o]!;
      for (let i = 0; i < w.cols; i++) s += x.v[n * x.cols + i]! * w.v[o * w.cols + i]!;
      y.v[n * y.cols + o] = s;
    }
  }
  return y;
}

export function forward(net: TwoLayerNet, batch: Batch, act: ActivationName): Forward {
  const z1 = affine(batch.x, net.w1, net.b1);
  const h = mat(z1.rows, z1.cols, z1.v.map(ACT[act].f));
  const z2 = affine(h, net.w2, net.b2);
  const p = mat(z2.rows, z2.cols);
  let loss = 0;
  for (let n = 0; n < z2.rows; n++) {
    const row = z2.v.subarray(n * z2.cols, (n + 1) * z2.cols);
    const top = Math.max(...row); // subtracting the largest logit changes nothing but avoids overflow
    const e = row.map((z) => Math.exp(z - top));
    const sum = e.reduce((a, b) => a + b, 0);
    e.forEach((ez, c) => (p.v[n * p.cols + c] = ez / sum));
    loss -= Math.log(p.v[n * p.cols + batch.y[n]!]!);
  }
  return { z1, h, z2, p, loss: loss / z2.rows };
}

/**
 * The chain rule, layer by layer, from the loss back to every parameter:
 *   δ2 = ∂L/∂z2 = (p − onehot(y)) / N          (softmax + cross-entropy)
 *   ∂L/∂W2 = δ2ᵀ·h,  ∂L/∂b2 = Σₙ δ2             (z2 = h·W2ᵀ + b2)
 *   ∂L/∂h  = δ2·W2                              (the error sent back to the hidden layer)
 *   δ1 = ∂L/∂z1 = ∂L/∂h ⊙ φ′(z1)                (h = φ(z1), element by element)
 *   ∂L/∂W1 = δ1ᵀ·X,  ∂L/∂b1 = Σₙ δ1             (z1 = X·W1ᵀ + b1)
 */
export function backward(net: TwoLayerNet, batch: Batch, fwd: Forward, act: ActivationName): Grads {
  const N = batch.x.rows, d = net.w1.cols, m = net.w1.rows, k = net.w2.rows;
  const d2 = Float64Array.from(fwd.p.v);
  for (let n = 0; n < N; n++) d2[n * k + batch.y[n]!]! -= 1;
  for (let i = 0; i < d2.length; i++) d2[i]! /= N;
  const g: Grads = { w1: new Float64Array(m * d), b1: new Float64Array(m), w2: new Float64Array(k * m), b2: new Float64Array(k) };
  const d1 = new Float64Array(N * m);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < k; c++) {
      const e = d2[n * k + c]!;
      g.b2[c]! += e;
      for (let j = 0; j < m; j++) {
        g.w2[c * m + j]! += e * fwd.h.v[n * m + j]!;
        d1[n * m + j]! += e * net.w2.v[c * m + j]!; // ∂L/∂h, before φ′
      }
    }
    for (let j = 0; j < m; j++) {
      const e = (d1[n * m + j]! *= ACT[act].df(fwd.z1.v[n * m + j]!));
      g.b1[j]! += e;
      for (let i = 0; i < d; i++) g.w1[j * d + i]! += e * batch.x.v[n * d + i]!;
    }
  }
  return g;
}

/** Parameter tensors by name, in a fixed order (for tables and for flattening). */
export const PARAM_NAMES = ['w1', 'b1', 'w2', 'b2'] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

export const paramArray = (net: TwoLayerNet, name: ParamName): Float64Array => (name === 'w1' ? net.w1.v : name === 'w2' ? net.w2.v : net[name]);

/** Every partial derivative by central differences, (L(θ + ε) − L(θ − ε)) / 2ε, nudging one number at a time. */
export function finiteDifferences(net: TwoLayerNet, batch: Batch, act: ActivationName, eps = 1e-6): Grads {
  const out = {} as Grads;
  for (const name of PARAM_NAMES) {
    const values = paramArray(net, name);
    out[name] = values.map((v, i) => {
      values[i] = v + eps;
      const up = forward(net, batch, act).loss;
      values[i] = v - eps;
      const down = forward(net, batch, act).loss;
      values[i] = v;
      return (up - down) / (2 * eps);
    });
  }
  return out;
}

/** The one-example net the lesson text walks through by hand: 2 inputs, 2 ReLU units, 2 classes. */
export function workedExample(): { net: TwoLayerNet; batch: Batch } {
  return {
    net: {
      w1: mat(2, 2, [0.5, -0.5, 0.25, 0.5]),
      b1: Float64Array.from([0.1, -0.25]),
      w2: mat(2, 2, [1, -0.5, -1, 0.5]),
      b2: Float64Array.from([0, 0]),
    },
    batch: { x: mat(1, 2, [1, 2]), y: Int32Array.from([0]) },
  };
}

/** One step of gradient descent, θ ← θ − η·∂L/∂θ, on a copy. */
export function sgdStep(net: TwoLayerNet, g: Grads, lr: number): TwoLayerNet {
  const move = (v: Float64Array, d: Float64Array) => v.map((x, i) => x - lr * d[i]!);
  return {
    w1: { ...net.w1, v: move(net.w1.v, g.w1) },
    b1: move(net.b1, g.b1),
    w2: { ...net.w2, v: move(net.w2.v, g.w2) },
    b2: move(net.b2, g.b2),
  };
}
