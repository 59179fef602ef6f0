// Quiz cards for the lesson: recall cards, and predict-then-run cards graded by the experiments.

import { metric, type Card } from '../kit/index.ts';

export const cards: Card[] = [
  {
    id: 'why-ce-not-ssr', kind: 'recall',
    front: 'Why do we train classifiers with cross-entropy rather than the sum of squared residuals between the softmax output and the one-hot label?',
    back: 'Cross-entropy is the negative log-likelihood of the labels, so minimizing it is maximum likelihood. Through the softmax its gradient on the logits is p − y, large exactly when the model is wrong. Squared error’s residual is multiplied by the softmax Jacobian pᵢ(δᵢⱼ − pⱼ), which vanishes as the output saturates, so a confidently wrong prediction gets almost no correction (and a fresh network’s gradient starts C/2 times smaller). Tuning the learning rate narrows the gap on easy tasks but does not remove the vanishing push on confident mistakes.',
  },
  {
    id: 'why-the-log', kind: 'recall',
    front: 'Why is there a log in cross-entropy?',
    back: 'Maximum likelihood maximizes a product of per-example probabilities (i.i.d. data). The log is strictly increasing, so it keeps the maximizer; it turns the product into a sum, whose gradient is a sum over examples (minibatches estimate it without bias) and which does not underflow; and log softmax = z_t − logsumexp(z) is linear in the true logit, so the gradient is p − y. In bits, −log₂ p_t is the code length of the true label under p.',
  },
  {
    id: 'simplified-form', kind: 'recall',
    front: 'Cross-entropy is −Σ_c y_c log p_c. Why is it usually written −log p_true?',
    back: 'With a one-hot label, y_c is 0 for every class but the true one, so only that term survives: −log p_t. The full sum is used when targets are soft distributions (label smoothing, a teacher’s probabilities in distillation). In general H(y, p) = H(y) + KL(y‖p), and H(y) = 0 for a one-hot label.',
  },
  {
    id: 'ce-logit-gradient', kind: 'recall',
    front: 'What is the gradient of softmax + cross-entropy with respect to the logits, and how large can it get?',
    back: 'p − y: predicted probabilities minus the one-hot target. Its norm is at most √2, approached when all the mass sits on one wrong class, and it goes to 0 only as the prediction becomes right.',
  },
  {
    id: 'proper-not-calibrated', kind: 'recall',
    front: 'Cross-entropy is a proper scoring rule. Does that make a trained network’s probabilities calibrated?',
    back: 'No. Proper means the expected loss under the true outcome distribution q is minimized by predicting q; the Brier score (squared error on probabilities) is proper too, so properness does not single out cross-entropy. It is a statement about the population optimum, not about a finite network after finite training: overfitted cross-entropy networks are typically overconfident, because the loss keeps rewarding larger logits on training examples already classified correctly. Check with a reliability diagram or ECE; fix with temperature scaling on held-out data.',
  },
  {
    id: 'binary-loss', kind: 'recall',
    front: 'What loss do you use for binary classification, and with what output? And for several labels that can be on at once?',
    back: 'One logit, a sigmoid, and binary cross-entropy, −[y log σ(z) + (1 − y) log(1 − σ(z))], computed from the logit (BCE-with-logits) for numerical stability; its gradient is σ(z) − y. For multi-label outputs, one sigmoid and one BCE per label, not a softmax.',
  },
  {
    id: 'regression-loss', kind: 'recall',
    front: 'What output and loss does a regression network use?',
    back: 'A linear output (no activation, so any real value is reachable) and mean squared error, the negative log-likelihood of a Gaussian with fixed variance: the prediction that minimizes it is the conditional mean. MAE (the Laplace likelihood, minimized by the median) or Huber when outliers or heavy tails would drag the mean.',
  },
  {
    id: 'se-scale-caveat', kind: 'recall',
    front: 'Is squared error on a softmax useless for classification?',
    back: 'No. It trains, and it is bounded, which helps under label noise. At one shared learning rate much of its slowness is gradient scale (2/C of cross-entropy’s at a uniform output). Compared fairly, each at its own best rate, cross-entropy still learned faster on MNIST in this lesson, by a modest margin; the weakness that no rate removes is the vanishing gradient on confidently wrong outputs.',
  },
  {
    id: 'predict-overconfidence', kind: 'predict',
    front: 'A small MLP is trained with cross-entropy for 300 SGD steps on only 500 MNIST images (about 38 passes). On test images, how does its mean confidence (top softmax probability) compare with its accuracy?',
    choices: ['confidence higher than accuracy by more than 2 points', 'within 2 points of each other', 'confidence lower than accuracy by more than 2 points'],
    experiment: 'ce-vs-mse',
    config: { trainSize: 500 },
    answer: (r) => {
      const gap = metric(r, 'ce.confidence') - metric(r, 'ce.finalAccuracy');
      return gap > 0.02 ? 0 : gap >= -0.02 ? 1 : 2;
    },
    back: 'It is overconfident. Once the training images are classified correctly, cross-entropy still lowers its loss by growing the logits, so the confidence keeps rising while test accuracy does not. Temperature scaling on held-out data repairs it without changing any prediction.',
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
