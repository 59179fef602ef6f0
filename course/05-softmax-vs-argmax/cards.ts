// Quiz cards for softmax vs argmax: recall cards, and two "predict, then run" cards whose right
// answer is read from the training experiment's measured result.

import { metric, type Card } from '../kit/index.ts';

export const cards: Card[] = [
  {
    id: 'what-is-softmax',
    kind: 'recall',
    front: 'What does softmax do to a vector of logits?',
    back: 'It maps K real scores to K positive numbers that sum to 1: softmax(z)ᵢ = e^{zᵢ} / Σⱼ e^{zⱼ}. It keeps the order of the logits, depends only on their differences (adding a constant to all changes nothing), and is smooth, so every probability responds to every logit.',
  },
  {
    id: 'argmax-vs-max',
    kind: 'recall',
    front: 'How is argmax different from max?',
    back: 'max returns the largest value; argmax returns where it is (its index; the first one if several tie). For a classifier’s scores, that index is the predicted class.',
  },
  {
    id: 'argmax-dims',
    kind: 'recall',
    front: 'For x = [[1,3,5],[2,4,1]], what are argmax(x), argmax(x, dim=0) and argmax(x, dim=1)?',
    back: '2 (the flat index of 5 in [1,3,5,2,4,1]); [1, 1, 0] (for each column, the row of its largest entry); [2, 1] (for each row, the column of its largest entry). The dim you pass is the one that disappears; keepdim keeps it with size 1.',
  },
  {
    id: 'why-train-softmax',
    kind: 'recall',
    front: 'Why do classifiers train with softmax but predict with argmax?',
    back: 'Training needs a loss whose gradient says which way to move each weight. Softmax + cross-entropy is differentiable, with gradient p − y on the logits. argmax is piecewise constant: its derivative is 0 wherever it exists (it jumps at ties), so a loss on the argmax prediction gives gradient descent nothing. At prediction time we want one class, and softmax is increasing in each logit, so argmax of the probabilities = argmax of the logits: softmax can be skipped.',
  },
  {
    id: 'log-sum-exp',
    kind: 'recall',
    front: 'What goes wrong with exp(z)/Σexp(z) in float32, and what is the fix?',
    back: 'exp overflows to ∞ above about 88.7, and ∞/∞ is NaN; very negative logits underflow every exp to 0, and 0/0 is NaN. Subtract the row maximum m first: softmax(z) = softmax(z − m), so the largest exponent is e⁰ = 1 and the sum is at least 1. Log-softmax uses the same trick: log Σ eᶻ = m + log Σ e^{z−m} (the log-sum-exp trick).',
  },
  {
    id: 'temperature',
    kind: 'recall',
    front: 'What does a temperature T do in softmax(z / T)?',
    back: 'T < 1 sharpens the distribution, T > 1 flattens it. As T → 0 it approaches the one-hot of the argmax (when the largest logit is unique; ties share the mass), as T → ∞ the uniform distribution. The argmax itself is the same for every T > 0.',
  },
  {
    id: 'softmax-jacobian',
    kind: 'recall',
    front: 'What is softmax’s derivative, and can it be zero?',
    back: '∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ), i.e. the Jacobian diag(p) − ppᵀ. Its diagonal pᵢ(1 − pᵢ) is positive for finite logits, but the matrix is singular: the all-ones vector is in its null space, because adding a constant to every logit changes nothing. In floating point the diagonal does reach 0: in float32, p(1 − p) of a logit that leads by about 17 or more rounds to exactly 0.',
  },
  {
    id: 'through-discrete',
    kind: 'recall',
    front: 'If you must take an argmax (a discrete choice) inside a network, how can you still train it?',
    back: 'The straight-through estimator: use the hard one-hot forward, but backpropagate as if it were softmax (value h, gradient of p). Gumbel-softmax: add Gumbel noise to the logits and take softmax at a low temperature, a differentiable relaxation of sampling. REINFORCE: treat the choice as a sample and weight ∇log p(choice) by the reward; unbiased but high-variance. Or replace the loss on the choice by a smooth surrogate such as cross-entropy.',
  },
  {
    id: 'predict-train-through-argmax',
    kind: 'predict',
    front: 'A 64-32-10 network is trained on the 8×8 digits with Adam for 150 steps, at its best of five learning rates, but its loss compares one-hot(argmax(logits)) with the label and autograd differentiates that honestly. What happens to its test accuracy?',
    choices: ['It climbs above 90%, like the softmax network', 'It climbs, but slowly (somewhere between its start and 90%)', 'It stays exactly where it started', 'It falls below where it started'],
    experiment: 'train-through-argmax',
    seed: 1,
    answer(result) {
      const start = metric(result, 'initialTestAccuracy');
      const end = metric(result, 'argmax.testAccuracy');
      if (end === start) return 2;
      if (end >= 0.9) return 0;
      return end > start ? 1 : 3;
    },
    back: 'It stays exactly where it started, at every learning rate. The derivative of the one-hot is 0 (autograd measures a gradient norm of exactly 0), Adam’s update from zero gradients is zero, and the weights never move.',
  },
  {
    id: 'predict-straight-through',
    kind: 'predict',
    front: 'Same network, same argmax one-hot in the forward pass, but backward uses softmax’s gradient in its place (the straight-through estimator). After 150 steps at its best learning rate, where is its test accuracy?',
    choices: ['Near chance (below 30%)', 'Partway (30% to 70%)', 'Most of the way (above 70%)'],
    experiment: 'train-through-argmax',
    seed: 2,
    answer(result) {
      const acc = metric(result, 'straightThrough.testAccuracy');
      return acc < 0.3 ? 0 : acc <= 0.7 ? 1 : 2;
    },
    back: 'Above 70% (83–95% over 30 seeds, a few points below softmax + cross-entropy). The loss still only sees the one-hot prediction, but the borrowed gradient tells each wrongly classified image to raise its true class’s logit and lower the predicted one, like a perceptron rule.',
  },
];
