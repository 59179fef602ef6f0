// Quiz cards for the lesson: recall cards, and predict-then-run cards graded by the experiment.

import { metric, type Card } from '../kit/index.ts';

export const cards: Card[] = [
  {
    id: 'loss-and-gradient-descent', kind: 'recall',
    front: 'What is a loss function, and what does one step of gradient descent do with it?',
    back: 'The loss is one number that says how wrong the network is on the training examples, e.g. the mean cross-entropy −log p(true class). Training minimizes it over the weights θ. A gradient-descent step moves every weight against its partial derivative, θ ← θ − η ∇L(θ): for a small enough step η that lowers the loss, because −∇L is the direction in which L falls fastest (to first order). With minibatches, ∇L is estimated on a batch.',
  },
  {
    id: 'learning-rate-limits', kind: 'recall',
    front: 'What goes wrong when the learning rate is too small, and when it is too large? Where is the limit?',
    back: 'Too small: each step changes the loss by about η‖∇L‖², so progress is proportional to η and training crawls (here 3× the rate gave about 3× the progress). Too large: steps overshoot. On a quadratic with largest curvature λ_max, gradient descent converges only if η < 2/λ_max, exactly: the error along that direction is multiplied by 1 − ηλ each step. For a network the curvature changes as the weights move and minibatches add noise, so 2/λ at the start is a guide to the edge, not its exact place.',
  },
  {
    id: 'epoch-batch-step', kind: 'recall',
    front: 'Define epoch, batch and step (iteration). How many steps are in one epoch?',
    back: 'A batch is the group of examples one gradient is computed on; a step is one update of the weights from one batch; an epoch is one pass over the whole training set. With N examples and batch size B an epoch has ⌈N/B⌉ steps (the last batch holds the remainder), or ⌊N/B⌋ if the short last batch is dropped. 1,000 images in batches of 32: 32 steps, the last with 8 images.',
  },
  {
    id: 'backprop-what', kind: 'recall',
    front: 'What is backpropagation, and why does it run backwards?',
    back: 'Backpropagation computes the gradient of the loss with respect to every weight by applying the chain rule through the computational graph from the loss back to the inputs, reusing each intermediate derivative ∂L/∂(node) for everything upstream of it. Going backwards from one scalar loss gives all the millions of partial derivatives for roughly the cost of two more forward passes; going forwards would need one pass per weight. It is reverse-mode automatic differentiation; gradient descent is what then uses the gradient.',
  },
  {
    id: 'chain-rule-two-layer', kind: 'recall',
    front: 'For h = φ(W₁x + b₁), z = W₂h + b₂ and softmax cross-entropy, write the backward pass.',
    back: 'δ₂ = ∂L/∂z = p − onehot(y). ∂L/∂W₂ = δ₂ hᵀ, ∂L/∂b₂ = δ₂. ∂L/∂h = W₂ᵀ δ₂. δ₁ = ∂L/∂(W₁x + b₁) = (W₂ᵀ δ₂) ⊙ φ′(W₁x + b₁). ∂L/∂W₁ = δ₁ xᵀ, ∂L/∂b₁ = δ₁. For a batch, average over examples (the hᵀ and xᵀ become matrix products). A ReLU unit that is off (z ≤ 0) passes back 0, so its incoming weights get no gradient from that example.',
  },
  {
    id: 'gradient-check', kind: 'recall',
    front: 'How do you check that a hand-written backward pass is right?',
    back: 'Compare it with finite differences: nudge one parameter by ±ε and take (L(θ+ε) − L(θ−ε))/2ε, whose error shrinks like ε². Do it in float64 (ε around 1e-6), away from kinks such as ReLU at exactly 0, on a small net and batch. Hand and autograd should agree to rounding (at most 6e-17 here), finite differences to about 1e-9 (at most 1e-9 here); a wrong formula is off by orders of magnitude more.',
  },
  {
    id: 'training-vs-inference', kind: 'recall',
    front: 'What is different between training and inference?',
    back: 'Training runs forward, backward and an optimizer step: the forward pass records the computational graph and keeps intermediate values for backward, dropout drops units at random and batch norm uses batch statistics (train mode). Inference runs the forward pass only, in eval mode (dropout off, batch norm on its running averages) and without a gradient tape (noGrad / torch.no_grad), so it is deterministic, uses less memory and does roughly a third of a training step’s arithmetic (the backward pass does about twice the forward’s). The weights do not change.',
  },
  {
    id: 'epoch-loss-lag', kind: 'recall',
    front: 'A framework prints the training loss of each epoch as the mean of its batch losses. Why is that higher than the loss of the weights at the end of the epoch?',
    back: 'Each batch loss was measured on the weights as they were at that step, and the weights improved during the epoch, so the average mixes early (worse) and late weights. Early in training the gap is large (0.17–0.26 over the first epoch on 31 of 32 seeds here; on the last, noise near the epoch’s end shrank it to 0.04); it shrinks as training slows. Dropout in train mode raises the printed loss too. To compare with a validation loss, evaluate the final weights on the training set in eval mode.',
  },
  {
    id: 'predict-lr-10', kind: 'predict',
    front: 'A 784-64-10 ReLU network on MNIST, plain SGD, batches of 64, starting loss about 2.3. What does the training loss do in the first 10 steps at learning rate 10?',
    choices: ['falls fast', 'falls slowly', 'blows up (above 23, or NaN)'],
    experiment: 'learning-rate',
    answer: (r) => (metric(r, 'lr10.diverged') === 1 && metric(r, 'lr10.divergedAtStep') <= 10 ? 2 : metric(r, 'lr10.lossAfter10') < 1.5 ? 0 : 1),
    back: 'It blows up, by the second step on every seed we ran. The top curvature at the start is 4.6–8.0, so the stability limit 2/λ is 0.25–0.43; a rate 23 to 40 times larger overshoots along the sharpest directions so far that each step lands higher up the other side, and the loss explodes.',
  },
  {
    id: 'predict-repeated-train-loss', kind: 'predict',
    front: 'Same network, same number of examples seen: 20 epochs over 500 images, or 1 epoch over 10,000. Which ends with the lower loss on its own training set?',
    choices: ['20 epochs over 500', '1 epoch over 10,000', 'about the same'],
    experiment: 'epochs',
    answer: (r) => {
      const [rep, fresh] = [metric(r, 'repeated.trainLoss'), metric(r, 'fresh.trainLoss')];
      return rep < fresh / 2 ? 0 : fresh < rep / 2 ? 1 : 2;
    },
    back: 'The 20 epochs over 500 images, by far: seeing each image 20 times, the network nearly memorizes them. Its test loss is much higher than that training loss, while the one-epoch run’s training loss stays close to its test loss: every image was new when it was used. Past the first epoch, the training loss stops telling you how well the model generalizes.',
  },
];
