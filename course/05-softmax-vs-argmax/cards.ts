// Quiz cards for softmax vs argmax: recall cards, and two "predict, then run" cards whose right
// answer is read from the experiment's measured result.

import { metric, type Card, type ExperimentResult } from '../kit/index.ts';

export const cards: Card[] = [
  {
    id: 'what-is-softmax',
    kind: 'recall',
    front: 'What does softmax do to a vector of logits?',
    back: 'It maps K real scores to K positive numbers that sum to 1: softmax(z)ᵢ = e^{zᵢ} / Σⱼ e^{zⱼ}. Bigger logits get bigger shares, order is preserved, and the output is smooth in every logit.',
  },
  {
    id: 'argmax-vs-max',
    kind: 'recall',
    front: 'How is argmax different from max?',
    back: 'max returns the largest value; argmax returns where it is (its index). For class scores, the index is the predicted class.',
  },
  {
    id: 'argmax-dims',
    kind: 'recall',
    front: 'For x = [[1,3,5],[2,4,1]], what are argmax(x), argmax(x, dim=0) and argmax(x, dim=1)?',
    back: '2 (the flat index of 5), [1, 1, 0] (for each column, the row holding its largest entry), and [2, 1] (for each row, the column holding its largest entry).',
  },
  {
    id: 'why-train-softmax',
    kind: 'recall',
    front: 'Why do classifiers train with softmax but predict with argmax?',
    back: 'Training needs a loss whose slope tells each weight which way to move; softmax + cross-entropy changes smoothly with every logit. argmax is piecewise constant, so its gradient is 0 almost everywhere and nothing can learn through it. At prediction time we just want one class, and argmax of the probabilities equals argmax of the logits, so softmax can even be skipped.',
  },
  {
    id: 'stable-softmax',
    kind: 'recall',
    front: 'How do you compute softmax without overflow?',
    back: 'Subtract the row maximum before exponentiating: softmax(z) = softmax(z − max z). The largest exponent becomes e⁰ = 1, nothing overflows, and the answer is unchanged because the common factor e^{−max z} cancels.',
  },
  {
    id: 'temperature',
    kind: 'recall',
    front: 'What does a temperature T do in softmax(z / T)?',
    back: 'T < 1 sharpens the distribution toward a one-hot at the argmax (T → 0 gives argmax itself); T > 1 flattens it toward uniform. The argmax never changes for any T > 0.',
  },
  {
    id: 'predict-train-through-argmax',
    kind: 'predict',
    front: 'A 64-32-10 network is trained on the digits with Adam for 150 steps, but its loss compares one-hot(argmax(logits)) with the label. What happens to its test accuracy?',
    choices: ['It climbs above 90%, like the softmax network', 'It climbs, but slowly (somewhere between its start and 90%)', 'It stays exactly where it started', 'It falls below where it started'],
    experiment: 'train-through-argmax',
    seed: 1,
    answer(result) {
      const start = metric(result, 'initialTestAccuracy');
      const end = metric(result, 'argmax.testAccuracy');
      if (Math.abs(end - start) <= 0.005) return 2;
      if (end >= 0.9) return 0;
      return end > start ? 1 : 3;
    },
    back: 'argmax records no gradient (its slope is 0 wherever it is defined), so backward has nothing to send to the weights, Adam skips every parameter, and the network is the one it was at initialization.',
  },
  {
    id: 'predict-naive-softmax',
    kind: 'predict',
    front: 'In float32, what does exp(x) / Σ exp(x) return for logits around +1000?',
    choices: ['Correct probabilities', 'Infinity in every entry', 'NaN', 'A one-hot vector at the largest logit'],
    experiment: 'overflow',
    config: { scale: 1000, dtype: 'float32' },
    seed: 1,
    answer(result) {
      if (metric(result, 'naiveNanCount') > 0) return 2;
      // Not finite but no NaN would mean infinities survived the division.
      return metric(result, 'naiveIsFinite') === 1 ? 0 : 1;
    },
    back: 'exp(1000) is far beyond float32’s largest number (exp overflows from about 88.7), so every term is Infinity and Infinity / Infinity is NaN. Subtracting the maximum first fixes it.',
  },
];
