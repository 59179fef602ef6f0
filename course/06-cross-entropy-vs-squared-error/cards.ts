// Quiz cards for the lesson: recall cards, and predict-then-run cards graded by the experiments.

import { metric, type Card } from '../kit/index.ts';

export const cards: Card[] = [
  {
    id: 'why-ce-not-ssr', kind: 'recall',
    front: 'Why do we train classifiers with cross-entropy rather than the sum of squared residuals between the softmax output and the one-hot label?',
    back: 'Cross-entropy’s gradient on the logits is simply p − y: it is large exactly when the model is confidently wrong. Squared error passes its residual through the softmax Jacobian, which multiplies it by probabilities near 0 or 1, so a saturated, wrong output gets almost no push. Cross-entropy is also the negative log-likelihood of the label, so minimizing it is maximum likelihood and yields calibrated probabilities.',
  },
  {
    id: 'ce-logit-gradient', kind: 'recall',
    front: 'What is the gradient of softmax + cross-entropy with respect to the logits?',
    back: 'p − y: predicted probabilities minus the one-hot target. The log in the loss cancels the exponential in the softmax, so nothing saturates; its norm tends to √2 when all mass sits on one wrong class.',
  },
  {
    id: 'se-logit-gradient', kind: 'recall',
    front: 'Why does squared error through a softmax (or sigmoid) learn slowly from confidently wrong outputs?',
    back: 'By the chain rule its gradient is 2(p − y) times the output’s derivative, pᵢ(δᵢⱼ − pⱼ) for softmax or σ(1 − σ) for sigmoid. Both vanish as the output saturates, so at p = 0.999 on the wrong class the gradient is hundreds of times smaller than cross-entropy’s.',
  },
  {
    id: 'binary-loss', kind: 'recall',
    front: 'What loss do you use for binary classification, and with what output?',
    back: 'One logit, a sigmoid, and binary cross-entropy, −[y log σ(z) + (1 − y) log(1 − σ(z))]. Compute it from the logit (BCE-with-logits) for numerical stability; its gradient is σ(z) − y.',
  },
  {
    id: 'regression-loss', kind: 'recall',
    front: 'What output and loss does a regression network use?',
    back: 'A linear output (no activation, so any real value is reachable) and mean squared error, which is the negative log-likelihood of a Gaussian with fixed variance: it predicts the conditional mean. MAE (the median) or Huber are used when outliers or heavy tails would drag the mean.',
  },
  {
    id: 'ce-as-likelihood', kind: 'recall',
    front: 'In what sense is cross-entropy “the right” loss for classification?',
    back: 'It is the negative log-likelihood of the observed labels under the model’s categorical distribution, so minimizing it is maximum-likelihood estimation; it is a proper scoring rule that rewards honest probabilities. For a linear model (logistic/softmax regression) it is also convex in the weights; squared error through a sigmoid is not.',
  },
  {
    id: 'se-scale-caveat', kind: 'recall',
    front: 'Is squared error on a softmax useless for classification?',
    back: 'No. It still works, and it is bounded, so it tolerates label noise and larger learning rates. On an easy task like MNIST much of its slowness at the same learning rate is gradient scale (C/2 smaller at a uniform output), which a larger learning rate or Adam partly hides. The real weakness is the vanishing gradient when confidently wrong.',
  },
  {
    id: 'predict-mnist-race', kind: 'predict',
    front: 'Two copies of the same MLP start from the same weights and see the same MNIST batches with SGD at learning rate 0.2. One is trained with cross-entropy, the other with squared error on the softmax. Which reaches 90% test accuracy first?',
    choices: ['cross-entropy', 'squared error', 'they tie (same test step)'],
    experiment: 'ce-vs-mse',
    answer: (r) => {
      const ce = metric(r, 'ce.stepsTo90'), se = metric(r, 'se.stepsTo90');
      return ce < se ? 0 : se < ce ? 1 : 2;
    },
    back: 'At the start the softmax is nearly uniform and squared error’s logit gradient is C/2 = 5 times smaller, so at the same learning rate it moves more slowly; later its gradient also shrinks on confidently wrong images.',
  },
  {
    id: 'predict-saturation', kind: 'predict',
    front: 'A model puts probability 0.9 on a wrong class; later it becomes even surer, 0.999. What happens to the size of squared error’s gradient on the logits?',
    choices: ['it grows', 'it changes by less than 10×', 'it shrinks by more than 10×'],
    experiment: 'confidently-wrong',
    answer: (r) => {
      const at90 = metric(r, 'se.gradNormAt90'), atProbe = metric(r, 'se.gradNorm');
      return atProbe > at90 ? 0 : at90 / atProbe <= 10 ? 1 : 2;
    },
    back: 'The softmax Jacobian multiplies the residual by probabilities that approach 0 and 1, so the push shrinks roughly like (1 − p): the more confidently wrong, the less squared error corrects it. Cross-entropy’s gradient instead grows toward √2.',
  },
];
