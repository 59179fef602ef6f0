// Quiz cards for the lesson: recall cards, and predict-then-run cards graded by the rules-vs-learned experiment.

import { metric, type Card } from '../kit/index.ts';

export const cards: Card[] = [
  {
    id: 'ai-ml-dl', kind: 'recall',
    front: 'How do artificial intelligence, machine learning and deep learning relate?',
    back: 'They nest: AI ⊃ ML ⊃ DL. AI is any program that does a task we call intelligent, including hand-written rules and search. ML is the part of AI where the program’s behaviour is fitted to data rather than written out. DL is the part of ML whose models are neural networks with several layers, trained end to end by gradient descent, so they learn their own features from raw inputs.',
  },
  {
    id: 'paradigms', kind: 'recall',
    front: 'Name the learning paradigms and the training signal each uses.',
    back: 'Supervised: inputs paired with human labels (learn p(y | x)). Unsupervised: inputs only; find structure such as clusters, densities or low-dimensional codes. Self-supervised: the labels are cut from the data itself (the next word, a masked patch). Reinforcement: an agent acts and receives rewards, and its actions change the data it sees next. “Generative” describes what a model outputs — new samples from (an approximation of) p(x) or p(x | condition) — and is trained with one of the signals above.',
  },
  {
    id: 'self-vs-unsupervised', kind: 'recall',
    front: 'What distinguishes self-supervised learning from unsupervised learning, when neither uses human labels?',
    back: 'Self-supervised learning turns the data into a supervised task with targets taken from the data itself — predict the next token, a masked word, a hidden patch — and trains with an ordinary supervised loss. Unsupervised learning, in the narrow sense, has no target at all: it models the data’s structure directly (clustering, density estimation, dimensionality reduction).',
  },
  {
    id: 'why-learned-beats-rules', kind: 'recall',
    front: 'Why does a learned function beat hand-written if/else rules on a problem like reading handwritten digits?',
    back: 'Because nobody can write down what a “2” is: the rules need features a person can name (loops, ink per region, crossings), and the variation in real handwriting outruns them. A learned model chooses its function from a large family by fitting thousands of examples. In this lesson the rules, tuned on 4,000 images, reached 71–73% on MNIST test digits; logistic regression and an MLP trained on the same images reached 86–88% and 89–92%, and both beat the rules even when trained on only 250.',
  },
  {
    id: 'tensorflow-nothing-left', kind: 'recall',
    front: '“There’s nothing left to do in machine learning because we have TensorFlow.” What do you answer?',
    back: 'A framework computes gradients and runs the training loop; it does not decide what the task is, where labels come from, which model fits the data, what loss to use, how to tune and validate it, or whether it beats a simple baseline. Those choices decide the result: in this lesson the same 4,000 images gave 71–73% with rules, 86–88% with logistic regression and 89–92% with an MLP, each learned model at a learning rate picked on a validation split.',
  },
  {
    id: 'when-rules-win', kind: 'recall',
    front: 'When are hand-written rules the right tool?',
    back: 'When the rule is known exactly and stable (tax arithmetic, a checksum, a protocol), when there is little or no data, when every decision must be auditable or provably safe, or as a baseline and a guard around a model. Rules fail when the concept has no short description in features a person can compute — images, speech, language.',
  },
  {
    id: 'rules-plateau-why', kind: 'recall',
    front: 'Why did the tuned rules barely improve from 250 to 4,000 training images (a median of about one point), while the learned models gained 7 to 16?',
    back: 'Their 15 thresholds are usually well estimated from 250 images; what limits them is the hand-written structure and features, which cannot express most of the variation. They even fail to fit their own training images (75–76% right). That is bias, not variance: more data cannot fix a model family that is too small. The learned models have thousands of parameters and use the extra data.',
  },
  {
    id: 'predict-more-data', kind: 'predict',
    front: 'The rules and the MLP are both retrained on 4,000 images instead of 250 (16× more). Which gains more test accuracy?',
    choices: ['the rules', 'the MLP', 'they gain about the same (within 1 point)'],
    experiment: 'rules-vs-learned',
    answer: (r) => {
      const rules = metric(r, 'rules.gain'), mlp = metric(r, 'mlp.gain');
      return Math.abs(mlp - rules) < 0.01 ? 2 : rules > mlp ? 0 : 1;
    },
    back: 'The MLP, by far. The rules’ few thresholds are already pinned down by 250 images, and what limits them is the structure a person wrote; the MLP’s hundred thousand weights turn the extra examples into accuracy.',
  },
  {
    id: 'predict-mlp-vs-logreg', kind: 'predict',
    front: 'On the same 4,000 training images, which scores higher on the test set: the hand-written rules, logistic regression, or the MLP?',
    choices: ['the rules', 'logistic regression', 'the MLP'],
    experiment: 'rules-vs-learned',
    answer: (r) => {
      const acc = [metric(r, 'rules.acc'), metric(r, 'logreg.acc'), metric(r, 'mlp.acc')];
      return acc.indexOf(Math.max(...acc));
    },
    back: 'The MLP: its hidden layer builds features of its own from the pixels, which a linear model on raw pixels cannot; both learned models far outscore the rules.',
  },
];
