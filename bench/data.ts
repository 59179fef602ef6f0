// The inputs every engine gets: seeded synthetic MNIST-shaped batches, sgemm operands, and the
// networks' initial weights in one canonical (PyTorch) layout that each engine converts from.
// Its own tiny PRNG, so the bench data never depends on any engine's random state.

export const SEED = 1234;
export const LR = 0.01;
export const MLP_BATCH = 128;
export const CNN_BATCH = 64;
export const CLASSES = 10;

/** mulberry32: a 32-bit seeded generator, uniform in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uniform(n: number, rand: () => number, lo = 0, hi = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rand();
  return out;
}

/** sgemm operands: two n×n row-major float32 matrices with entries in [-1, 1). */
export function sgemmOperands(n: number): { a: Float32Array; b: Float32Array } {
  const rand = prng(SEED + n);
  return { a: uniform(n * n, rand, -1, 1), b: uniform(n * n, rand, -1, 1) };
}

/** One training batch: x like MNIST pixels in [0, 1), labels 0–9, and the same labels one-hot. */
export interface Batch {
  /** (N, 784) for the MLP, (N, 1, 28, 28) for the CNN: with one channel NCHW and NHWC are the same bytes. */
  x: Float32Array;
  xShape: number[];
  labels: Int32Array;
  oneHot: Float32Array;
}

export function batch(kind: 'mlp' | 'cnn'): Batch {
  const n = kind === 'mlp' ? MLP_BATCH : CNN_BATCH;
  const rand = prng(SEED + (kind === 'mlp' ? 1 : 2));
  const x = uniform(n * 784, rand);
  const labels = new Int32Array(n);
  const oneHot = new Float32Array(n * CLASSES);
  for (let i = 0; i < n; i++) {
    labels[i] = Math.floor(rand() * CLASSES);
    oneHot[i * CLASSES + labels[i]] = 1;
  }
  return { x, xShape: kind === 'mlp' ? [n, 784] : [n, 1, 28, 28], labels, oneHot };
}

/** A parameter in PyTorch's layout: linear weight (out, in), conv weight (out, in, kH, kW), bias (out). */
export interface Param { name: string; shape: number[]; data: Float32Array }

// He-uniform weights (bound √(6 / fan_in)) and small random biases, so a layout mistake in any
// engine's conversion changes the loss and the equivalence test sees it.
function param(name: string, shape: number[], fanIn: number, rand: () => number): Param {
  const n = shape.reduce((p, d) => p * d, 1);
  const bound = shape.length === 1 ? 0.1 : Math.sqrt(6 / fanIn);
  return { name, shape, data: uniform(n, rand, -bound, bound) };
}

/** MLP 784-256-128-10: fc1, fc2, fc3, ReLU between them, logits out. */
export function mlpParams(): Param[] {
  const rand = prng(SEED + 3);
  return [
    param('fc1.weight', [256, 784], 784, rand), param('fc1.bias', [256], 784, rand),
    param('fc2.weight', [128, 256], 256, rand), param('fc2.bias', [128], 256, rand),
    param('fc3.weight', [10, 128], 128, rand), param('fc3.bias', [10], 128, rand),
  ];
}

/**
 * CNN on (N, 1, 28, 28): conv1 3×3×8 (valid) → ReLU → maxpool 2 → conv2 3×3×16 → ReLU → maxpool 2
 * → flatten (16·5·5 = 400, in C, H, W order) → fc 10 logits.
 */
export function cnnParams(): Param[] {
  const rand = prng(SEED + 4);
  return [
    param('conv1.weight', [8, 1, 3, 3], 9, rand), param('conv1.bias', [8], 9, rand),
    param('conv2.weight', [16, 8, 3, 3], 72, rand), param('conv2.bias', [16], 72, rand),
    param('fc.weight', [10, 400], 400, rand), param('fc.bias', [10], 400, rand),
  ];
}

export const paramsFor = (kind: 'mlp' | 'cnn'): Param[] => (kind === 'mlp' ? mlpParams() : cnnParams());
