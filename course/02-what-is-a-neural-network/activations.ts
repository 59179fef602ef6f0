// The three activations this lesson lets you pick, each in two forms: an engine module (what a
// network uses) and plain JS arithmetic with its derivative (what the by-hand computations use).

import { nn } from '../../engine/index.ts';

export const activationNames = ['relu', 'tanh', 'sigmoid'] as const;
export type ActivationName = (typeof activationNames)[number];

export interface Activation {
  module(): nn.Module;
  /** act(z) on one number. */
  f(z: number): number;
  /** act'(z): what the chain rule multiplies by when the gradient passes through this unit. */
  df(z: number): number;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export const activations: Readonly<Record<ActivationName, Activation>> = {
  relu: { module: () => new nn.ReLU(), f: (z) => Math.max(0, z), df: (z) => (z > 0 ? 1 : 0) },
  tanh: { module: () => new nn.Tanh(), f: Math.tanh, df: (z) => 1 - Math.tanh(z) ** 2 },
  sigmoid: { module: () => new nn.Sigmoid(), f: sigmoid, df: (z) => sigmoid(z) * (1 - sigmoid(z)) },
};
