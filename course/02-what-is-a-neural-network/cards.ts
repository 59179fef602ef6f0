// Quiz cards for lesson 02: recall cards in interview form, and predict-then-run cards that the
// experiments grade from their measured results.

import { metric, type Card } from '../kit/index.ts';

export const cards: Card[] = [
  {
    id: 'nn-own-words',
    kind: 'recall',
    front: 'In your own words, what is a neural network?',
    back: 'A function with many adjustable numbers in it. It is built from small, simple functions (neurons), each a weighted sum of its inputs plus a bias passed through a nonlinear activation, wired in layers. Training adjusts the weights and biases until the whole thing maps inputs to the outputs we want, e.g. pixels to a digit; that is why it is called a function approximator.',
  },
  {
    id: 'neuron-parts',
    kind: 'recall',
    front: 'What does a single neuron compute? Name its parts.',
    back: 'Inputs x₁…xₙ, one weight per input, and a bias: it forms the pre-activation z = w·x + b, applies a nonlinear activation φ (ReLU, sigmoid, tanh…) and outputs one number a = φ(z). The weights and the bias are learned; the activation is chosen by the designer.',
  },
  {
    id: 'hidden-layer',
    kind: 'recall',
    front: 'What is a hidden layer, and why is it called hidden?',
    back: 'A layer of neurons between the input and the output. The training data pair inputs with outputs and never say what these intermediate values should be; training sets them, through the weights, to whatever features help the output. They are hidden from the data, not from us: we can read them.',
  },
  {
    id: 'function-approximator',
    kind: 'recall',
    front: 'State the universal approximation theorem, with its conditions.',
    back: 'Let φ be continuous and not a polynomial (ReLU, sigmoid and tanh qualify). For every continuous f on a compact (closed, bounded) set K ⊂ ℝⁿ and every ε > 0, some network with one hidden layer of finitely many φ units is within ε of f at every point of K. It is an existence result: it gives no bound on the number of units, no promise that training finds the weights, nothing about generalizing from finite samples, and nothing outside K.',
  },
  {
    id: 'uat-limits',
    kind: 'recall',
    front: 'If one hidden layer is enough, why use deep networks?',
    back: '“Enough” may mean enormously many units: the theorem bounds nothing, and some functions that a deep ReLU network computes with few units need exponentially many in a shallow one (Telgarsky, 2016). Depth composes features, so it often needs far fewer parameters, and in practice deep networks train and generalize better on images, sound and text. The theorem is about what exists, not what is efficient or learnable.',
  },
  {
    id: 'why-activation',
    kind: 'recall',
    front: 'Why does a neural network need a nonlinear activation?',
    back: 'Without one, each layer is x ↦ Wx + b, and two such layers compose to another: W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂). However many layers, the network is one linear layer and can only draw straight lines and planes. It also must not be a polynomial: a polynomial activation of degree d makes a one-hidden-layer net a polynomial of degree at most d, which cannot approximate everything.',
  },
  {
    id: 'bias-role',
    kind: 'recall',
    front: 'What does the bias of a neuron do?',
    back: 'It shifts the weighted sum, and so moves where the activation acts. For a ReLU unit relu(w·x + b) the unit switches on where w·x = −b (in one dimension, the bend sits at x = −b/w). Without biases every such boundary would pass through the origin.',
  },
  {
    id: 'relu-pieces',
    kind: 'recall',
    front: 'What function does a one-hidden-layer ReLU network with n units compute on a single input x?',
    back: 'ŷ = b₂ + Σⱼ w₂ⱼ relu(w₁ⱼx + b₁ⱼ): a sum of n hinges, each flat on one side of x = −b₁ⱼ/w₁ⱼ and a straight ramp on the other. The sum is continuous and piecewise linear with at most n bends, so more units mean more bends and a closer fit to a curve.',
  },
  {
    id: 'predict-width-sine',
    kind: 'predict',
    front: 'The best any single ReLU unit can do on sin x over [−π, π] is a test MSE of 0.16 (one hinge, placed optimally). A network with 64 hidden ReLU units gets 300 Adam steps on 200 samples. How many times lower than that floor does its test MSE end?',
    choices: ['Less than 10× lower', '10× to 100× lower', 'More than 100× lower'],
    experiment: 'fit-1d',
    config: { target: 'sine' },
    seed: 1,
    answer: (r) => {
      const x = metric(r, 'wide.belowFloor');
      return x < 10 ? 0 : x < 100 ? 1 : 2;
    },
    back: 'More than 100× lower: 470× to 7,800× over 30 seeds. One unit draws a single bend; 64 units, each at its best learning rate, place bends all along the curve, and the error drops by orders of magnitude.',
  },
  {
    id: 'predict-tanh-step',
    kind: 'predict',
    front: 'One steep tanh unit is almost a perfect step: tanh(100·(x − k)), well placed and scaled, reaches a test MSE of 0.0014 on the step over [−π, π]. A 64-unit tanh network gets 300 Adam steps (best of three learning rates) on 200 samples. Where does its test MSE end?',
    choices: ['Below 0.0014: more units can only help', 'Within 3× of 0.0014', 'More than 3× above 0.0014'],
    experiment: 'fit-1d',
    config: { target: 'step', activation: 'tanh' },
    seed: 1,
    answer: (r) => {
      const x = metric(r, 'wide.belowFloor');
      return x > 1 ? 0 : x > 1 / 3 ? 1 : 2;
    },
    back: 'More than 3× above it: 0.013 to 0.030 over 30 seeds, 9× to 21× above. Better weights exist, since one of its 64 units alone could make the step, but a steep tanh needs a large weight, and 300 steps do not grow it. What exists is not what training finds.',
  },
];
