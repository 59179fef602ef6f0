// A 2-2-1 network in plain JS numbers: forward, backward by the chain rule, and gradients by
// nudging each weight. No engine here on purpose: this is the arithmetic autograd must reproduce.

import type { Activation } from './activations.ts';

/** x (2) → hidden h = act(W1·x + b1) (2) → ŷ = W2·h + b2 (1); loss (ŷ − t)². W1[j][i]: input i → unit j. */
export interface TinyNet {
  w1: number[][];
  b1: number[];
  w2: number[];
  b2: number;
  x: number[];
  t: number;
}

export interface TinyForward {
  z1: number[];
  h: number[];
  yHat: number;
  loss: number;
}

export function handForward(net: TinyNet, act: Activation): TinyForward {
  const z1 = net.w1.map((row, j) => row[0]! * net.x[0]! + row[1]! * net.x[1]! + net.b1[j]!);
  const h = z1.map(act.f);
  const yHat = net.w2[0]! * h[0]! + net.w2[1]! * h[1]! + net.b2;
  return { z1, h, yHat, loss: (yHat - net.t) ** 2 };
}

/** ∂loss/∂(W1[0][0], W1[0][1], W1[1][0], W1[1][1], b1[0], b1[1], W2[0], W2[1], b2), by the chain rule. */
export function handBackward(net: TinyNet, act: Activation, fwd: TinyForward): number[] {
  const dyHat = 2 * (fwd.yHat - net.t); // d(ŷ − t)²/dŷ
  const dw2 = fwd.h.map((hj) => dyHat * hj); // ŷ = Σ W2_j h_j + b2
  const db2 = dyHat;
  const dh = net.w2.map((w) => dyHat * w);
  const dz1 = dh.map((d, j) => d * act.df(fwd.z1[j]!)); // h_j = act(z1_j)
  const dw1 = dz1.flatMap((d) => net.x.map((xi) => d * xi)); // z1_j = Σ W1[j][i] x_i + b1_j
  return [...dw1, ...dz1, ...dw2, db2];
}

/** The same nine partial derivatives by central differences: (L(θ + h) − L(θ − h)) / 2h. */
export function finiteDifferences(net: TinyNet, act: Activation, h = 1e-6): number[] {
  const flat = [...net.w1.flat(), ...net.b1, ...net.w2, net.b2];
  const unflat = (p: number[]): TinyNet => ({ ...net, w1: [p.slice(0, 2), p.slice(2, 4)], b1: p.slice(4, 6), w2: p.slice(6, 8), b2: p[8]! });
  return flat.map((_, k) => {
    const nudged = (d: number) => handForward(unflat(flat.map((v, i) => (i === k ? v + d : v))), act).loss;
    return (nudged(h) - nudged(-h)) / (2 * h);
  });
}
