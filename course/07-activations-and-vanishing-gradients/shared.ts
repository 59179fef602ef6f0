// Helpers this lesson's three experiments share: MNIST as flat rows, minibatches cut by row copies,
// and deep MLPs built from an activation name and an initialization name.

import { data, fromTypedArray, gelu, nn, noGrad, type Tensor } from '../../engine/index.ts';
import type { DataSource } from '../kit/index.ts';
export { batchStream } from '../kit/index.ts';

export const activationNames = ['sigmoid', 'tanh', 'relu', 'gelu'] as const;
export type ActivationName = (typeof activationNames)[number];
export const initNames = ['xavier', 'he', 'default'] as const;
export type InitName = (typeof initNames)[number];

/** The activation function itself, on a tensor. */
export function activate(name: ActivationName, z: Tensor): Tensor {
  switch (name) {
    case 'sigmoid': return z.sigmoid();
    case 'tanh': return z.tanh();
    case 'relu': return z.relu();
    case 'gelu': return gelu(z);
  }
}

/**
 * A plain MLP, 784 → `depth` hidden layers of `width` → 10, with the named activation after each
 * hidden layer. 'xavier' is Glorot's N(0, 2/(fanIn + fanOut)) with gain 1, 'he' is N(0, 2/fanIn),
 * 'default' keeps nn.Linear's own U(±1/√fanIn) (PyTorch's default). Biases start at zero except
 * under 'default'. Lesson 08 is about these choices; here they are the supporting cast.
 */
export class DeepMlp extends nn.Module {
  readonly layers: nn.ModuleList;
  constructor(readonly activation: ActivationName, init: InitName, depth: number, width: number) {
    super();
    const sizes = [784, ...Array.from({ length: depth }, () => width), 10];
    this.layers = new nn.ModuleList(sizes.slice(1).map((out, i) => new nn.Linear(sizes[i]!, out)));
    if (init !== 'default') {
      for (const layer of this.linears()) {
        if (init === 'xavier') nn.init.xavierNormal_(layer.weight);
        else nn.init.kaimingNormal_(layer.weight, { nonlinearity: 'relu' });
        nn.init.zeros_(layer.bias!);
      }
    }
  }
  linears(): nn.Linear[] { return [...this.layers] as nn.Linear[]; }
  /** Logits, plus each hidden layer's pre-activation z (so the caller can ask for its gradient). */
  forwardWithPre(x: Tensor): { logits: Tensor; pre: Tensor[] } {
    const pre: Tensor[] = [];
    let h = x;
    const linears = this.linears();
    linears.forEach((layer, i) => {
      const z = layer.forward(h);
      if (i === linears.length - 1) h = z;
      else { pre.push(z); h = activate(this.activation, z); }
    });
    return { logits: h, pre };
  }
  forward(x: Tensor): Tensor { return this.forwardWithPre(x).logits; }
}

export interface FlatMnist { pixels: Float32Array; labels: Int32Array; n: number }

/** The first n images of a split, normalized with MNIST's mean and std and flattened to rows of 784. */
export async function flatMnist(source: DataSource, split: 'train' | 'test', n: number): Promise<FlatMnist> {
  const set = await source.mnist(split, n);
  const normalize = data.transforms.normalize(0.1307, 0.3081);
  const rows = set.images.shape[0];
  const pixels = Float32Array.from(normalize(set.images).reshape([rows, 784]).contiguous().toTypedArray());
  return { pixels, labels: Int32Array.from(set.labels.toTypedArray()), n: rows };
}

/** The given rows as tensors x: (B, 784), y: (B). */
export function rowsOf(set: FlatMnist, rows: Int32Array): { x: Tensor; y: Tensor } {
  const x = new Float32Array(rows.length * 784), y = new Int32Array(rows.length);
  rows.forEach((r, i) => { x.set(set.pixels.subarray(r * 784, (r + 1) * 784), i * 784); y[i] = set.labels[r]!; });
  return { x: fromTypedArray(x, [rows.length, 784]), y: fromTypedArray(y, [rows.length]) };
}

/** The whole set as tensors (for evaluation). */
export const allRows = (set: FlatMnist) => ({ x: fromTypedArray(set.pixels, [set.n, 784]), y: fromTypedArray(set.labels, [set.n]) });

/** Fraction of test images whose argmax logit is the label. */
export function accuracy(model: nn.Module, x: Tensor, labels: Int32Array): number {
  const predicted = noGrad(() => model.forward(x).argmax(1).toTypedArray());
  let same = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) same++;
  return same / labels.length;
}

/** Euclidean (Frobenius) norm of a tensor's values. */
export function norm(t: Tensor): number {
  const v = t.contiguous().toTypedArray();
  let s = 0;
  for (let i = 0; i < v.length; i++) s += Number(v[i]) ** 2;
  return Math.sqrt(s);
}

/**
 * The factor by which y shrinks per step down the list, from a least-squares line through log(y)
 * against x = 1, 2, …: exp(−slope). For gradients listed from layer 1 up, it is ‖δ_l‖ / ‖δ_l+1‖.
 */
export function geometricFactor(ys: readonly number[]): number {
  const n = ys.length, xs = ys.map((_, i) => i + 1), ls = ys.map(Math.log);
  const mx = xs.reduce((a, b) => a + b, 0) / n, my = ls.reduce((a, b) => a + b, 0) / n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) { num += (xs[i]! - mx) * (ls[i]! - my); den += (xs[i]! - mx) ** 2; }
  return Math.exp(-num / den);
}
