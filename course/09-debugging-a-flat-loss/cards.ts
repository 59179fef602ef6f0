// Quiz cards for the lesson: recall cards, and predict-then-run cards graded by the experiment.

import { metric, type Card } from '../kit/index.ts';

export const cards: Card[] = [
  {
    id: 'flat-loss-first-moves', kind: 'recall',
    front: 'Training and test loss both stay constant. What do you check, and in what order?',
    back: 'First the loss at initialization (≈ ln C for C balanced classes, with logits that vary between inputs). Then whether the same code can overfit one small batch to near-zero loss: if it cannot, the bug is in the model, the loss or the optimizer step (learning rate, zeroGrad, dead units), and per-layer gradient norms and the update-to-weight ratio say which. If it can, the code is sound and the data or labels are the suspect. A short learning-rate sweep tells a rate off by orders of magnitude.',
  },
  {
    id: 'init-loss-ln-c', kind: 'recall',
    front: 'Why should a fresh classifier’s cross-entropy be about ln C, and what does a different value tell you?',
    back: 'Small random output weights give logits near zero, so the softmax is near uniform and −log(1/C) = ln C (2.303 for 10 classes). Far from it: an output layer initialized at too large a scale, or one whose width is not the number of classes. Passing it says the forward pass and the loss are wired sanely, not that the model can learn: in this lesson all five broken runs passed it.',
  },
  {
    id: 'overfit-one-batch', kind: 'recall',
    front: 'What does “overfit one batch” test, and what does its answer rule in or out?',
    back: 'Train the unchanged code on one fixed batch of a few dozen examples. A working model and optimizer memorize it to nearly zero loss in a few hundred steps. Failure means the pipeline cannot fit anything: a learning rate far off, gradients not reset, dead units, a detached graph. Success with a flat full run points at the data (shuffled or misaligned labels, a train/test mismatch), though it does not clear every code bug: a forgotten zeroGrad still fit the batch on 5 of 32 seeds here, so look at the gradient norms too.',
  },
  {
    id: 'dead-relu-signature', kind: 'recall',
    front: 'How do you recognise a network whose ReLUs are all dead?',
    back: 'Every hidden unit outputs 0 for every input, so the logits are the same for every image and every weight gradient is exactly zero; only the output bias learns, which moves the loss from ln C down to the entropy of the label frequencies and no further. No learning rate helps. Count active units per layer and look at per-layer gradient norms.',
  },
  {
    id: 'zero-grad-signature', kind: 'recall',
    front: 'What happens if you forget optimizer.zeroGrad() in a PyTorch-style loop, and how do you see it?',
    back: 'backward() adds into .grad, so each step uses the sum of all gradients so far: like momentum with no decay. The step grows with time, the loss may fall at first and then rises and oscillates. The stored gradient norm grows with the step count (here 34 to 2,689 times in 300 steps, against 0.6–2.6 for a correct loop). A learning-rate sweep misleads here: it prefers a smaller rate, which only slows the blow-up.',
  },
  {
    id: 'shuffled-labels-signature', kind: 'recall',
    front: 'The labels were shuffled apart from their inputs. What do the training loss, the test loss and the one-batch test show?',
    back: 'Test accuracy stays near chance and the test loss near or above ln C. The training loss can still fall, because a network large enough memorizes arbitrary labels (Zhang et al., 2017), so a falling training loss does not prove the data are right. One batch overfits easily: the code is fine, the data are not. Check a few (input, label) pairs by eye.',
  },
  {
    id: 'lr-diagnostics', kind: 'recall',
    front: 'How do you tell a learning rate that is far too low from one far too high?',
    back: 'Too low: the loss moves very little while the gradients are of normal size; the update-to-weight ratio lr·‖g‖/‖W‖ is tiny (here 10⁻⁶, against a typical 10⁻³–10⁻²). Too high: the loss jumps up (or to NaN) in the first steps, the ratio is large (here 0.28–0.41), and afterwards the run is NaN, still diverging, or flat because the jump killed every ReLU. A sweep of short runs over rates a decade apart shows where the best rate lies.',
  },
  {
    id: 'predict-shuffled-overfit', kind: 'predict',
    front: 'The training labels are shuffled, so the full run never beats chance on the test set. Can the same code drive the loss on a single batch of 32 images below 0.05?',
    choices: ['yes', 'no'],
    experiment: 'flat-loss',
    config: { bug: 'shuffled-labels' },
    answer: (r) => (metric(r, 'overfit.loss') < 0.05 ? 0 : 1),
    back: 'Yes: 32 arbitrary labels are easy to memorize for a network with tens of thousands of weights. That is exactly why the check is useful: it passes when the code is right, whatever the labels mean, so a flat full run must come from the data.',
  },
  {
    id: 'predict-dead-gradient', kind: 'predict',
    front: 'Every hidden bias starts at −10, so each ReLU outputs 0 for every image. What is the norm of the first layer’s weight gradient at the first step?',
    choices: ['exactly 0', 'small but not zero', 'of normal size'],
    experiment: 'flat-loss',
    config: { bug: 'dead-relus' },
    answer: (r) => {
      const g = metric(r, 'grad.first.layer1');
      return g === 0 ? 0 : g < 0.01 ? 1 : 2;
    },
    back: 'Exactly 0. The derivative of ReLU is 0 for negative inputs, and every pre-activation is negative, so the chain rule multiplies by 0 on every path. With no gradient the weights never change, and the units stay dead.',
  },
];
