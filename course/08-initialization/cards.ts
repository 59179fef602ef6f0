// Quiz cards for the lesson: recall cards, and predict-then-run cards graded by the experiments.

import { metric, type Card } from '../kit/index.ts';

export const cards: Card[] = [
  {
    id: 'why-not-zero', kind: 'recall',
    front: 'Why not initialize every weight of a network to zero (or to one shared constant)?',
    back: 'Units of a layer that start with equal incoming and outgoing weights compute the same output and receive the same gradient, so every update keeps them equal: the layer behaves like a single unit however wide it is. With tanh or ReLU and zero weights it is worse: the hidden outputs are 0, so no gradient reaches the hidden weights at all and only the output bias learns. Random weights break the symmetry; biases may start at zero.',
  },
  {
    id: 'variance-recursion', kind: 'recall',
    front: 'For z = Σᵢ wᵢ hᵢ over n inputs, with independent zero-mean weights of variance σ², what is Var(z)?',
    back: 'Var(z) = n σ² E[h²] (independent weights, independent of the inputs). Through L layers the factor n σ² (times what the activation keeps of E[h²]) multiplies L times, so anything other than about 1 per layer shrinks or grows the signal geometrically.',
  },
  {
    id: 'xavier', kind: 'recall',
    front: 'What is Xavier (Glorot) initialization, and what is it derived for?',
    back: 'Var(w) = 2/(fan-in + fan-out), e.g. N(0, 2/(n_in + n_out)) or U(±√(6/(n_in + n_out))). It assumes an activation that is linear with slope 1 near 0 (tanh, or none): the forward pass wants n_in·Var(w) = 1, the backward pass n_out·Var(w) = 1, and Xavier takes the harmonic compromise.',
  },
  {
    id: 'he', kind: 'recall',
    front: 'What is He (Kaiming) initialization, and where does its factor 2 come from?',
    back: 'Var(w) = 2/fan-in, e.g. N(0, 2/n_in). A ReLU passes only the positive half of a symmetric zero-mean input, so E[relu(z)²] = Var(z)/2; doubling the weight variance restores n_in·Var(w)·E[h²] = Var(z) layer after layer.',
  },
  {
    id: 'bad-scale', kind: 'recall',
    front: 'What happens in a deep ReLU net if the weights are too small or too large, and in a deep tanh net if they are too large?',
    back: 'ReLU is positively homogeneous, so each layer multiplies the activation scale by about √(n σ²/2): too small collapses it geometrically toward zero (and the gradients with it), too large blows it up geometrically, and SGD on such logits diverges. tanh is bounded, so large weights cannot explode it: they push most units into the flat tails at ±1, where the derivative is nearly zero.',
  },
  {
    id: 'xavier-for-relu', kind: 'recall',
    front: 'Is Xavier initialization wrong for a ReLU network?',
    back: 'It is the wrong scale by a factor of 2 in variance: each layer halves E[h²], so the activation std shrinks by about 1/√2 per layer (to a few percent of the input’s after ten layers). In this lesson’s 10-layer ReLU net (200 SGD steps, best of three rates) Xavier reached 58–83% where He reached 80–88%, behind on every one of 30 seeds. He initialization is the ReLU-matched choice; frameworks’ defaults differ again (PyTorch’s Linear uses U(±1/√fan-in)).',
  },
  {
    id: 'predict-zero-start', kind: 'predict',
    front: 'A 784-32-10 tanh MLP starts with every weight and bias at zero and is trained with SGD on MNIST for 300 steps. At the end, how many distinct hidden units does it have?',
    choices: ['1', 'between 2 and 16', 'all 32'],
    experiment: 'symmetry',
    answer: (r) => {
      const d = metric(r, 'zero.distinctUnits');
      return d === 1 ? 0 : d < 32 ? 1 : 2;
    },
    back: 'tanh(0) = 0, so the output layer sees zeros and sends back W₂ᵀδ = 0: the hidden weights never get a gradient and all 32 units stay the same (zero) unit. Only the output bias learns, which predicts the most common digit.',
  },
  {
    id: 'predict-tanh-large', kind: 'predict',
    front: 'Ten 256-wide tanh layers with weights drawn from N(0, 1) process MNIST images. At layer 10, what happens to the activations?',
    choices: ['their std explodes past 100', 'their std collapses below 0.01', 'most units sit near ±1 (saturated)'],
    experiment: 'depth',
    answer: (r) => {
      const std = metric(r, 'tanh.large.stdLast');
      return std > 100 ? 0 : std < 0.01 ? 1 : metric(r, 'tanh.large.saturatedMin') > 0.5 ? 2 : 1;
    },
    back: 'Pre-activations have std around √256 = 16, far into tanh’s tails, but tanh is bounded by 1: the units pile up at ±1 (about 86% beyond ±0.99) where the derivative is almost zero. Saturation, not explosion, is how a too-large tanh net fails.',
  },
];
