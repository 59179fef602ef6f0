// Quiz cards for lesson 02: recall cards in interview form, and predict-then-run cards that the
// experiments grade from their measured results.

import { metric, type Card } from '../kit/index.ts';

export const cards: Card[] = [
  {
    id: 'nn-own-words',
    kind: 'recall',
    front: 'In your own words, what is a neural network?',
    back: 'A function with adjustable numbers in it. It is built from many small, simple functions (neurons) wired in layers, and training tunes their weights and biases until the whole thing maps inputs to the outputs we want, e.g. pixels to a digit. That is why it is called a function approximator.',
  },
  {
    id: 'neuron-parts',
    kind: 'recall',
    front: 'What does a single neuron compute? Name its parts.',
    back: 'Inputs x₁…xₙ, one weight per input, and a bias: it forms z = w·x + b, then applies a nonlinear activation (ReLU, sigmoid, tanh…) and outputs one number a = act(z).',
  },
  {
    id: 'hidden-layer',
    kind: 'recall',
    front: 'What is a hidden layer, and why is it called hidden?',
    back: 'A layer of neurons between the input and the output. Its values are intermediate features the network invents for itself; the training data never specifies them, so they are hidden from the outside.',
  },
  {
    id: 'function-approximator',
    kind: 'recall',
    front: 'What does it mean that a neural network is a universal function approximator?',
    back: 'With one hidden layer of enough units and a nonlinear activation, a network can match any continuous function on a bounded region as closely as you like: each unit contributes one bend or bump, and their weighted sum traces the curve. It says such weights exist, not that training will find them or that they generalize.',
  },
  {
    id: 'why-activation',
    kind: 'recall',
    front: 'Why does a neural network need a nonlinear activation?',
    back: 'Without one, every layer is a linear map and a stack of linear maps is still one linear map: however many layers, the network could only draw straight lines (planes). The nonlinearity is what lets units add up to curves.',
  },
  {
    id: 'bias-role',
    kind: 'recall',
    front: 'What does the bias of a neuron do?',
    back: 'It shifts where the activation switches on. For a ReLU unit relu(w·x + b) the bend sits at w·x = −b; without biases every bend would have to pass through the origin.',
  },
  {
    id: 'predict-width-sine',
    kind: 'predict',
    front: 'Networks with 1 and with 64 hidden ReLU units each get 300 Adam steps to fit sin x on [−π, π]. How many times lower is the 64-unit network\'s test error?',
    choices: ['Less than 2× lower: width barely matters', '2× to 10× lower', '10× to 100× lower', 'More than 100× lower'],
    experiment: 'fit-1d',
    config: { target: 'sine' },
    seed: 1,
    answer: (r) => {
      const x = metric(r, 'improvement');
      return x < 2 ? 0 : x < 10 ? 1 : x < 100 ? 2 : 3;
    },
    back: 'One ReLU unit draws a single bend, so it cannot do better than a hinge (test MSE about 0.16 at best, and 0.5 if the unit dies). Sixty-four units place bends all along the curve, and the error drops by orders of magnitude.',
  },
  {
    id: 'predict-tanh-step',
    kind: 'predict',
    front: 'With ReLU units, the 64-unit network beats the 1-unit network on the step function by 5× or more. Switch the activation to tanh. Does the wide network still win by 5× or more?',
    choices: ['Yes, still 5× or more', 'No: less than 5×, because one tanh unit is already a soft step'],
    experiment: 'fit-1d',
    config: { target: 'step', activation: 'tanh' },
    seed: 1,
    answer: (r) => (metric(r, 'improvement') >= 5 ? 0 : 1),
    back: 'tanh(w·x) is itself an S-shaped step, so a single unit fits the jump about as well as 64 do in the same number of steps. Which functions are easy depends on the building block: what takes ReLUs many units may take another activation one.',
  },
];
