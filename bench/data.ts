// The inputs every engine gets: seeded synthetic MNIST-shaped batches and character sequences,
// sgemm operands, and the networks' initial weights in one canonical (PyTorch) layout and naming
// that each engine converts from.
// Its own tiny PRNG, so the bench data never depends on any engine's random state.

export const SEED = 1234;
export const LR = 0.01;
export const MLP_BATCH = 128;
export const CNN_BATCH = 64;
export const CLASSES = 10;

// The sequence workloads: the steps of examples/char-lstm.ts and examples/tiny-gpt.ts at their defaults.
/** Moby-Dick's character vocabulary (examples/lib/corpus.ts builds it from the whole book). */
export const CHARS = 83;
export const SEQ_BATCH = 32;
export const SEQ_LEN = 64;
export const LSTM_EMBED = 32;
export const LSTM_HIDDEN = 128;
export const GPT_DIM = 64;
export const GPT_LAYERS = 2;
export const GPT_HEADS = 4;
/** Adam (LSTM) and AdamW with decay 0.01 (GPT) at lr 2e-3, gradients clipped to global norm 1. */
export const SEQ_LR = 2e-3;
export const GPT_WEIGHT_DECAY = 0.01;
export const CLIP_NORM = 1;

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

/** Character sequences: x (N, L) ids and y, the same streams one character later. */
export interface SeqBatch { x: Int32Array; y: Int32Array; shape: [number, number] }

/** Uniformly random characters: the speed of a step does not depend on what the text says. */
export function seqBatch(kind: 'lstm' | 'gpt'): SeqBatch {
  const rand = prng(SEED + (kind === 'lstm' ? 5 : 6));
  const n = SEQ_BATCH, l = SEQ_LEN;
  const x = new Int32Array(n * l), y = new Int32Array(n * l);
  for (let i = 0; i < n; i++) {
    const stream = Array.from({ length: l + 1 }, () => Math.floor(rand() * CHARS));
    for (let t = 0; t < l; t++) {
      x[i * l + t] = stream[t];
      y[i * l + t] = stream[t + 1];
    }
  }
  return { x, y, shape: [n, l] };
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

const within = (name: string, shape: number[], bound: number, rand: () => number, center = 0): Param =>
  ({ name, shape, data: uniform(shape.reduce((p, d) => p * d, 1), rand, center - bound, center + bound) });

/** char-lstm: embed (V, 32) → LSTM 32 → 128 (gates i, f, g, o) → head 128 → V; PyTorch's init bounds. */
export function lstmParams(): Param[] {
  const rand = prng(SEED + 7);
  const h = LSTM_HIDDEN, k = 1 / Math.sqrt(h);
  return [
    within('embed.weight', [CHARS, LSTM_EMBED], Math.sqrt(3), rand), // std 1, as N(0, 1)
    within('lstm.weight_ih_l0', [4 * h, LSTM_EMBED], k, rand), within('lstm.weight_hh_l0', [4 * h, h], k, rand),
    within('lstm.bias_ih_l0', [4 * h], k, rand), within('lstm.bias_hh_l0', [4 * h], k, rand),
    within('head.weight', [CHARS, h], k, rand), within('head.bias', [CHARS], k, rand),
  ];
}

/**
 * tiny-gpt: token and position embeddings, GPT_LAYERS pre-LayerNorm blocks (causal attention with
 * packed in-projection, MLP D → 4D → D with exact GELU), a final LayerNorm and a head to V. Weights
 * have tiny-gpt's std 0.02 (uniform), the in-projection PyTorch's Xavier bound; biases and LayerNorm
 * affines are small random values instead of zeros and ones, so a layout mistake changes the loss.
 */
export function gptParams(): Param[] {
  const rand = prng(SEED + 8);
  const d = GPT_DIM, w = 0.02 * Math.sqrt(3), b = 0.02;
  const norm = (name: string): Param[] => [within(`${name}.weight`, [d], 0.1, rand, 1), within(`${name}.bias`, [d], 0.1, rand)];
  const out: Param[] = [within('tokens.weight', [CHARS, d], w, rand), within('positions.weight', [SEQ_LEN, d], w, rand)];
  for (let i = 0; i < GPT_LAYERS; i++) {
    const p = `blocks.${i}`;
    out.push(
      ...norm(`${p}.ln1`),
      within(`${p}.attn.in_proj_weight`, [3 * d, d], Math.sqrt(6 / (4 * d)), rand), within(`${p}.attn.in_proj_bias`, [3 * d], b, rand),
      within(`${p}.attn.out_proj.weight`, [d, d], w, rand), within(`${p}.attn.out_proj.bias`, [d], b, rand),
      ...norm(`${p}.ln2`),
      within(`${p}.mlp.0.weight`, [4 * d, d], w, rand), within(`${p}.mlp.0.bias`, [4 * d], b, rand),
      within(`${p}.mlp.2.weight`, [d, 4 * d], w, rand), within(`${p}.mlp.2.bias`, [d], b, rand),
    );
  }
  return [...out, ...norm('norm'), within('head.weight', [CHARS, d], w, rand), within('head.bias', [CHARS], b, rand)];
}

const PARAMS = { mlp: mlpParams, cnn: cnnParams, lstm: lstmParams, gpt: gptParams };
export const paramsFor = (kind: 'mlp' | 'cnn' | 'lstm' | 'gpt'): Param[] => PARAMS[kind]();
