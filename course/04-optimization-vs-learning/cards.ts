// Quiz cards for the lesson: recall cards, and predict-then-run cards graded by the experiments.

import { metric, type Card } from '../kit/index.ts';

export const cards: Card[] = [
  {
    id: 'optimization-vs-learning', kind: 'recall',
    front: 'What is the difference between an optimization problem and a machine-learning problem?',
    back: 'In optimization the objective is the goal: find θ that minimizes a known f(θ). In learning the goal is low expected loss on data we have not seen, E over (x, y) ~ p of ℓ(f_θ(x), y), but p is unknown, so we minimize a stand-in: the average loss on the training sample, often of a smooth surrogate and with regularization. A better optimum of the stand-in can be a worse model (overfitting), so learning stops or regularizes by what a held-out set says, not by the training loss.',
  },
  {
    id: 'erm', kind: 'recall',
    front: 'What is empirical risk minimization, why “empirical”, and why is it rarely used as such in deep learning?',
    back: 'Risk is the expected loss under the data distribution; empirical risk replaces that expectation with the average over the n training examples, and ERM picks the model minimizing it. “Empirical” because the distribution is replaced by the sample. Deep learning rarely does pure ERM: a large network can drive the empirical risk to zero by memorizing, and the loss we care about (0-1 error) has no useful gradient. So we minimize a surrogate (cross-entropy) with regularization, and stop by validation performance rather than at the empirical minimum.',
  },
  {
    id: 'zero-one-loss', kind: 'recall',
    front: 'What is the 0-1 loss, and why can’t gradient descent train a network on it?',
    back: 'ℓ(ŷ, y) = 1 if the predicted class differs from y, else 0; its average is the error rate. As a function of the weights it is piecewise constant: it changes only when some example’s argmax flips, so its gradient is 0 wherever it exists and undefined on the flip boundaries. Gradient descent on it never moves. (It is also non-convex, and minimizing it exactly is NP-hard even for linear classifiers when the classes are not separable.)',
  },
  {
    id: 'surrogate', kind: 'recall',
    front: 'What is a surrogate loss, and what makes cross-entropy or the hinge loss a good one for the 0-1 loss?',
    back: 'A smooth or convex stand-in minimized instead of the loss we care about. Cross-entropy measured in bits (−log₂ p_y) bounds the 0-1 loss from above, since a wrong argmax means p_y ≤ ½; so does the hinge loss max(0, 1 − margin). Their gradients are non-zero on wrong examples, and they are classification-calibrated: over all functions, minimizing their expected value gives the Bayes-optimal classifier (the hinge loss for two classes). Driving them down tends to drive the error down, though not always on held-out data.',
  },
  {
    id: 'full-batch-unlimited', kind: 'recall',
    front: 'With unlimited compute, is full-batch gradient descent always better than minibatch SGD?',
    back: 'No. For the optimization itself full batch has an edge: with a small enough step each step lowers the training loss, while SGD at a fixed rate keeps bouncing and needs a decaying rate to settle. But per example read, minibatches make many more updates, so on any real budget they get further; and the goal is a low test loss, not the exact training minimum. Small-batch noise is often credited with better generalization; in this lesson’s runs the gain at equal epochs came from optimization progress, and at equal training loss the full-batch model was usually at least as accurate.',
  },
  {
    id: 'momentum', kind: 'recall',
    front: 'What does momentum do in SGD?',
    back: 'It keeps a running, exponentially weighted sum of past gradients, b ← μb + g, and steps along b: θ ← θ − ηb. Directions where gradients agree build up speed (up to 1/(1 − μ) times, 10× at μ = 0.9), and directions where they oscillate cancel, which damps zig-zagging across narrow valleys. With momentum the best learning rate is correspondingly smaller: in this lesson’s race mostly 0.03, against plain SGD’s 0.1–0.3.',
  },
  {
    id: 'adam', kind: 'recall',
    front: 'How does Adam update a weight, and what does it buy you?',
    back: 'It keeps running averages of the gradient m (β₁ = 0.9) and of its square v (β₂ = 0.999), corrects both for their start at zero, and steps θ ← θ − η·m̂/(√v̂ + ε). Each weight’s step is scaled by its own gradient size, so it is insensitive to the gradient’s scale and makes fast progress early with little tuning. It does not always end best: a well-tuned SGD often matches or beats it later, as in this lesson’s race.',
  },
  {
    id: 'predict-zero-one-descent', kind: 'predict',
    front: 'Gradient descent runs 150 full-batch steps on the 0-1 loss itself (the fraction misclassified) from random weights. What happens to the training error?',
    choices: ['it falls by more than half', 'it falls a little', 'it does not change at all'],
    experiment: 'surrogate-vs-zero-one',
    answer: (r) => {
      const start = metric(r, 'zeroOne.trainErrorStart'), end = metric(r, 'zeroOne.trainErrorFinal');
      return end < start / 2 ? 0 : end < start ? 1 : 2;
    },
    back: 'The 0-1 loss is flat almost everywhere: a small change to the weights flips no prediction, so its gradient is exactly 0 and every step leaves the weights where they were. The same network trained on cross-entropy reaches about 80% test accuracy.',
  },
  {
    id: 'predict-equal-epochs', kind: 'predict',
    front: 'The same MLP trains for 20 epochs on 2,000 MNIST images, once by full-batch gradient descent (20 exact steps) and once with batches of 64 (620 noisy steps), each at its own best learning rate. Which has the higher test accuracy?',
    choices: ['batches of 64, by more than 3 points', 'within 3 points of each other', 'full batch, by more than 3 points'],
    experiment: 'full-vs-minibatch',
    answer: (r) => {
      const gap = metric(r, 'gapAtEqualEpochs');
      return gap > 0.03 ? 0 : gap >= -0.03 ? 1 : 2;
    },
    back: 'With the same number of examples seen, minibatches make 31 times as many updates. Each is noisier, but many good-enough steps beat a few exact ones. The full-batch run is not broken, only behind: compared at the same training loss it was usually at least as accurate on test images.',
  },
];
