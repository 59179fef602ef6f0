// Quiz cards for the lesson: recall cards, and predict-then-run cards graded by the experiments.

import { metric, type Card } from '../kit/index.ts';

export const cards: Card[] = [
  {
    id: 'purpose', kind: 'recall',
    front: 'In one breath: what is regularization for?',
    back: 'To make a model do better on data it was not trained on, usually at some cost on the training data: anything that narrows what the model can fit, or what it is pushed toward, beyond what the training loss alone asks. It matters when the model can fit far more than the data pin down (many parameters, few examples); it does nothing for a model that cannot even fit its training set.',
  },
  {
    id: 'dropout-both-passes', kind: 'recall',
    front: 'How do you implement dropout in the forward and the backward pass, and what changes at test time?',
    back: 'Forward (training): draw a mask m with each entry 0 with probability p and 1 otherwise, output y = x·m/(1 − p) ("inverted" dropout, so E[y] = x). Backward: the mask is a constant of that step, so dL/dx = dL/dy·m/(1 − p): dropped units pass back nothing, kept ones pass back the gradient scaled by the same 1/(1 − p). Test (eval mode): no mask and no scaling, y = x; the scaling during training is what makes this one deterministic pass stand in for the average over masks.',
  },
  {
    id: 'l1-vs-l2', kind: 'recall',
    front: 'Why does L1 make weights (near) zero while L2 only shrinks them?',
    back: 'The gradient of λ|w| is λ·sign(w): a pull of the same size however small w is, so a weight whose loss gradient is weaker than λ is driven to zero. The gradient of λw² is 2λw: it fades as w shrinks, so weights get small but rarely reach zero. With plain (sub)gradient SGD, L1 weights jitter around 0 at about the size of one step rather than landing on it exactly; a proximal step (soft-thresholding) makes them exactly 0.',
  },
  {
    id: 'weight-decay', kind: 'recall',
    front: 'Why is L2 regularization called weight decay, and when are the two not the same?',
    back: 'With plain SGD, adding (λ/2)‖w‖² to the loss adds λw to the gradient, so each step is w ← (1 − ηλ)w − η·g: the weights decay by a constant factor before the usual step. The two coincide only for plain SGD (with momentum up to the timing of the decay). With Adam the L2 gradient gets divided by the adaptive scale like any other gradient, so heavily updated weights are decayed less; AdamW applies the decay directly to the weights instead (decoupled weight decay).',
  },
  {
    id: 'early-stopping', kind: 'recall',
    front: 'How does early stopping work, and when does it not help?',
    back: 'Watch a validation metric after each epoch and keep the weights from the best epoch; stop once it has not improved for some patience. It limits how far the weights travel from their small initial values, a little like L2. It needs a held-out set, and it only helps if validation performance actually peaks and then falls. In this lesson’s setup validation and test accuracy rose for about 15 epochs and then stayed flat to epoch 50: a plateau, not a peak, so the best validation epoch was set by noise and early stopping changed test accuracy by −0.6 to 0.0 points over three seeds.',
  },
  {
    id: 'batch-norm', kind: 'recall',
    front: 'What does batch norm do in training and at test time, and is it a regularizer?',
    back: 'In training it normalizes each unit over the minibatch to zero mean and unit variance, then applies a learned scale γ and shift β; it keeps running averages of the mean and variance, which eval mode uses instead of batch statistics. Its main effect is on optimization: a layer’s output no longer depends on the scale of the weights before it, so larger learning rates stay stable and training is faster. The noise of batch statistics adds a mild regularizing effect, which is smaller than augmentation’s here.',
  },
  {
    id: 'what-did-nothing', kind: 'recall',
    front: 'On a wide MLP trained on 1,000 MNIST images, which regularizers measurably helped and which did not, and why?',
    back: 'Helped clearly: data augmentation (+4.5 to +5.0 points over three seeds: random shifts add examples of the invariance the test set needs), then input noise and batch norm (+1.6 to +2.9) and dropout (+0.5 to +1.3). Within the seed-to-seed spread: L2, L1, a cosine schedule, early stopping and a five-member ensemble; a smaller network was slightly worse. The likely reason: with SGD from a small initialization the wide network already generalizes about as well as its 1,000 examples allow, so penalties on the weights have little left to fix, while augmentation adds information the data did not have. On another setup the middle ranks can change; measure.',
  },
  {
    id: 'attention-honest', kind: 'recall',
    front: 'The notes list attention as a regularizer. What is true in that?',
    back: 'Attention is an architecture, not a penalty: it lets a model weight the parts of its input by relevance. When most of the input is irrelevant (one digit among scrambled ones), a model that can learn to ignore the noise generalizes better from the same data than one that must average everything, so in that sense it reduces overfitting. It adds parameters and regularizes nothing by itself; on an input with no irrelevant parts it has nothing to focus away from.',
  },
  {
    id: 'noise-where', kind: 'recall',
    front: 'Noise on the inputs, on the weights, on the hidden activations: what does each amount to, and which helped here?',
    back: 'Inputs: for squared error and small σ, close to a penalty (σ²/2)·E‖∇ₓf‖² on how fast the output changes with the input (Bishop 1995). Weights (gradient taken at w + ε, update applied to the clean w): a stochastic gradient of the smoothed loss E L(w + ε) ≈ L(w) + (σ²/2)·tr ∇²L, a curvature penalty that favours flat minima. Activations: additive noise after each hidden layer; dropout is its multiplicative cousin, and a ReLU network can shrink additive noise of fixed σ by scaling one layer up and the next down. On 30 seeds of this lesson’s quick setup, each at its validation-chosen strength: input noise −1.2 to +2.5 points over the baseline (median +1.2), weight noise −0.8 to +1.8, activation noise −0.7 to +1.2: none on every seed. Too much input noise (std 3) cost 2.9 to 13.2 points on each of the 30 seeds.',
  },
  {
    id: 'predict-attention-weight', kind: 'predict',
    front: 'Attention pooling over 6 slots, one holding a real digit and five holding scrambled digits. After training, how much of its weight does it put on the digit’s slot, averaged over test examples?',
    choices: ['about 1/6, the same as every slot', 'about a half', 'more than 0.9'],
    experiment: 'attention',
    answer: (r) => {
      const w = metric(r, 'attention.onDigit');
      return w > 0.9 ? 2 : w > 0.3 ? 1 : 0;
    },
    back: 'More than 0.9. Nothing tells the model where the digit is; it learns it from the labels alone, because weighting the digit’s slot is what lowers the loss. Mean pooling, forced to give each slot 1/6, overfits the fixed noise of the training set and scores lower on the test set.',
  },
  {
    id: 'predict-dropout-single-pass', kind: 'predict',
    front: 'A network trained with dropout p = 0.5. On the test set, how does one pass in train mode (a random mask) compare with one pass in eval mode (no mask)?',
    choices: ['eval mode is clearly better', 'about the same', 'train mode is clearly better'],
    experiment: 'dropout',
    answer: (r) => {
      const d = metric(r, 'eval.accuracy') - metric(r, 'singlePass.accuracy');
      return d > 0.02 ? 0 : d < -0.02 ? 2 : 1;
    },
    back: 'Eval mode is clearly better. One masked pass is one random thinned network, with half of its hidden units missing; eval mode keeps all units, and thanks to the 1/(1 − p) scaling during training it approximates the average over all the thinned networks, which is what the average of many train-mode passes also estimates.',
  },
];
