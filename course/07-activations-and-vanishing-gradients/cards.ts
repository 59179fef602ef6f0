// Quiz cards for the lesson: recall cards, and predict-then-run cards graded by the experiments.

import { metric, type Card } from '../kit/index.ts';

export const cards: Card[] = [
  {
    id: 'sigmoid-backprop-problem', kind: 'recall',
    front: 'What is the problem with sigmoid during backpropagation?',
    back: 'Its derivative σ′(z) = σ(z)(1 − σ(z)) is at most 1/4 (at z = 0) and falls toward 0 as |z| grows. Backprop multiplies the gradient by σ′ at every sigmoid layer, so with weights that keep its size (Xavier) the gradient shrinks by about the rms of σ′ — roughly 0.23 per layer — and in a 10-layer net the first hidden layer gets about two millionths of what the tenth gets. Saturated units (σ near 0 or 1) pass even less. Its outputs are also all positive, not zero-centred.',
  },
  {
    id: 'activation-derivatives', kind: 'recall',
    front: 'Give the derivatives of sigmoid, tanh, ReLU and GELU, and their largest values.',
    back: 'σ′ = σ(1 − σ), at most 1/4. tanh′ = 1 − tanh², at most 1 (tanh(z) = 2σ(2z) − 1, so tanh′(z) = 4σ′(2z)). ReLU′ = 1 for z > 0 and 0 for z < 0 (undefined at 0; PyTorch uses 0). GELU(z) = zΦ(z), GELU′ = Φ(z) + zφ(z): about 1.13 at most, slightly negative below z ≈ −0.75, tending to 0 as z → −∞.',
  },
  {
    id: 'why-nonlinear', kind: 'recall',
    front: 'Why does a network need a nonlinear activation at all?',
    back: 'A composition of affine maps is affine: without a nonlinearity, any depth of Linear layers equals one Linear layer. A non-polynomial activation (sigmoid, tanh, ReLU, GELU) makes one hidden layer of enough width able to approximate any continuous function on a compact set (universal approximation).',
  },
  {
    id: 'dead-relu', kind: 'recall',
    front: 'What is a dead ReLU, and why does it stay dead?',
    back: 'A unit whose pre-activation is negative for every input in the data: it outputs 0 everywhere, so its derivative is 0 everywhere and its incoming weights and bias get exactly zero gradient. In the first layer, whose inputs never change, plain gradient descent can never revive it; a deeper unit can revive if the layers below it change. Typical cause: a too-large step, for example a high learning rate, pushes its bias and weights far negative.',
  },
  {
    id: 'prevent-dead-relus', kind: 'recall',
    front: 'How do you prevent or fix dead ReLUs?',
    back: 'Lower the learning rate (or warm it up); use He initialization; use an activation with a gradient for z < 0 (Leaky ReLU, ELU, GELU — though GELU’s gradient also fades for very negative z); add normalization (batch or layer norm) so pre-activations stay centred. Diagnose by counting units that output 0 on every example of a large batch of training data, and check first that the weights are finite: a NaN net is diverged, not dead.',
  },
  {
    id: 'vanishing-fixes', kind: 'recall',
    front: 'What keeps gradients from vanishing in a deep network?',
    back: 'Activations whose derivative is 1 over much of their range (ReLU and its relatives) with an initialization that keeps the gradient’s size from layer to layer (He for ReLU, Xavier for tanh — lesson 08); normalization layers; residual connections, whose identity path passes the gradient unchanged; for recurrent nets, gates (LSTM). Sigmoid stays useful where a probability or a gate is wanted, at the output or inside an LSTM, not stacked as a hidden activation.',
  },
  {
    id: 'tanh-vs-sigmoid', kind: 'recall',
    front: 'Why was tanh preferred to sigmoid for hidden layers before ReLU?',
    back: 'tanh is a rescaled sigmoid, tanh(z) = 2σ(2z) − 1, so it is zero-centred and its derivative near 0 is 1 rather than 1/4. With Xavier init a 10-layer tanh net loses only about 14% of the gradient per layer, where the sigmoid net loses about 77%. It still saturates for large |z|.',
  },
  {
    id: 'predict-first-layer-gradient', kind: 'predict',
    front: 'A fresh 10-layer sigmoid MLP with Xavier init sees one MNIST batch. How large is the gradient reaching hidden layer 1, compared with the one reaching hidden layer 10?',
    choices: ['more than 1% of it', 'between 0.01% and 1% of it', 'less than 0.01% of it'],
    experiment: 'gradient-flow',
    answer: (r) => {
      const ratio = metric(r, 'sigmoid-xavier.firstOverLast');
      return ratio > 1e-2 ? 0 : ratio >= 1e-4 ? 1 : 2;
    },
    back: 'About 0.23 per layer over 9 layers: 0.23⁹ ≈ 2·10⁻⁶, a fiftieth of the 0.01% line. Each layer multiplies by σ′ ≤ 1/4 while Xavier weights keep the size otherwise.',
  },
  {
    id: 'predict-deep-vs-shallow-sigmoid', kind: 'predict',
    front: 'A 10-layer and a 2-layer sigmoid MLP (Xavier init) are trained on MNIST with plain SGD for the same 150 steps, each at the best of learning rates 1, 3 and 10. Which of them passes 50% test accuracy?',
    choices: ['both', 'only the 2-layer net', 'only the 10-layer net', 'neither'],
    experiment: 'depth-race',
    answer: (r) => {
      const deep = metric(r, 'sigmoid.accuracy') > 0.5, shallow = metric(r, 'sigmoid2.accuracy') > 0.5;
      return deep && shallow ? 0 : shallow ? 1 : deep ? 2 : 3;
    },
    back: 'Only the 2-layer net (it reached 83–91% over 32 seeds). The 10-layer net stayed at a uniform guess’s loss and at or below the commonest-digit rate: its lower layers get about a millionth of the gradient, and its top layers see nearly the same input for every image.',
  },
  {
    id: 'predict-adam-dead', kind: 'predict',
    front: 'The same ReLU MLP is trained with Adam for the same number of steps at learning rate 0.001 and at 0.03. How does the fraction of dead first-layer units compare?',
    choices: ['fewer dead at 0.03', 'about the same (less than 30 points apart)', 'at least 30 points more dead at 0.03'],
    experiment: 'dead-relus',
    answer: (r) => {
      const low = metric(r, 'adam.0.001.dead1'), high = metric(r, 'adam.0.03.dead1');
      return high < low ? 0 : high - low < 0.3 ? 1 : 2;
    },
    back: 'Adam’s early steps move each weight by about the learning rate whatever the gradient’s size; at 0.03 a few steps push many first-layer units negative on every image, where they get no gradient to come back.',
  },
];
