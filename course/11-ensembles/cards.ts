// Quiz cards for the lesson: recall cards, and predict-then-run cards graded by the experiments.

import { metric, type Card } from '../kit/index.ts';

export const cards: Card[] = [
  {
    id: 'why-averaging-helps', kind: 'recall',
    front: 'Why does averaging several models’ predictions usually beat the average model?',
    back: 'For squared error the identity is exact: the average’s error = the members’ mean error − their mean squared spread around the average (the ambiguity). So the ensemble is never worse than its average member under squared error, and better by exactly how much the members disagree. For any convex loss (log loss included) Jensen’s inequality gives the same “never worse than the average member”. Accuracy has no such guarantee; it gains when members make different mistakes and each is better than chance.',
  },
  {
    id: 'bagging', kind: 'recall',
    front: 'What is bagging, and which part of the error does it reduce?',
    back: 'Bootstrap aggregating: fit each member on n rows drawn with replacement from the n training rows (each draw leaves out about 1/e ≈ 37% of the rows) and average or vote. Averaging B members with variance σ² and pairwise correlation ρ leaves variance ρσ² + (1 − ρ)σ²/B, so it cuts the variance part of the error and leaves the bias: it helps unstable, low-bias learners (deep trees, networks) and does little for stable high-bias ones like stumps.',
  },
  {
    id: 'boosting', kind: 'recall',
    front: 'How does AdaBoost work, and which part of the error does it reduce?',
    back: 'Members are fitted in sequence: each weak learner (often a stump) is fitted to reweighted data, gets a vote α = ln((1 − ε)/ε) (+ ln(K − 1) for K classes, SAMME) from its weighted error ε, and the rows it got wrong are up-weighted by e^α for the next round. It is forward stagewise fitting of an additive model under the exponential loss, so it drives the training error down and reduces bias: a sum of stumps can draw boundaries no stump can. Because it chases hard rows, it also chases mislabelled ones.',
  },
  {
    id: 'stacking', kind: 'recall',
    front: 'What is stacking, and why must the meta-model train on out-of-fold predictions?',
    back: 'A second-level model (often a logistic regression) learns how to combine the members, taking their predictions as features. Its training rows must carry predictions from members that did not see those rows (k-fold out-of-fold predictions); otherwise it learns from training-set predictions, which are more confident and more accurate than the test-time ones, and so over-trusts the members that memorize. After fitting the meta-model, refit each member on all the training rows for test time.',
  },
  {
    id: 'bootstrap-vs-seeds', kind: 'recall',
    front: 'For neural networks, where does an ensemble’s diversity come from, and is bagging needed?',
    back: 'Random initialization and batch order alone already send networks to different solutions that disagree on many test inputs. Bagging usually adds disagreement, but each member sees only about 63% of the distinct rows and is weaker; in this lesson the ensemble of all-row members was ahead of the bagged one on 25 of 30 seeds. Deep ensembles (Lakshminarayanan et al., 2017) likewise use the full data and different seeds.',
  },
  {
    id: 'boosting-margins', kind: 'recall',
    front: 'AdaBoost’s training error is already zero. Why can more rounds still lower the test error?',
    back: 'The votes keep growing even though every training row is classified correctly: each round raises the normalized margin y·Σα h(x)/Σα of the hardest rows. Schapire et al. (1998) bound the test error by the fraction of training rows with small margin plus a term that does not grow with the number of rounds, so a wider margin can mean a smaller test error. It is a bound, not a promise: with noisy labels the same chase fits the noise.',
  },
  {
    id: 'ensembles-in-practice', kind: 'recall',
    front: 'Ensembles win competitions. Why are they rarer in deployed systems, and what keeps their benefit cheaply?',
    back: 'A K-member ensemble costs K times the memory and inference compute (and training), and latency budgets rarely allow it, for a gain of typically a point or two. Cheaper routes: distil the ensemble into one student network (lesson 20), snapshot ensembles (the weights at several points of one cyclic-learning-rate run), weight averaging of one run, or dropout, which trains an exponential family of thinned subnetworks sharing weights and uses the weight-scaled network as an approximate average at test time.',
  },
  {
    id: 'random-forests', kind: 'recall',
    front: 'What does a random forest add to bagged trees, and why?',
    back: 'At each split it considers only a random subset of the features (about √d for classification). Bagged trees on the same strong features are highly correlated, and averaging correlated members leaves the ρσ² part of the variance; restricting the features decorrelates the trees, so the average removes more variance.',
  },
  {
    id: 'predict-boosted-stumps', kind: 'predict',
    front: 'One decision stump on raw pixels gets about a quarter of the test 3s and 5s wrong. After 150 rounds of AdaBoost on such stumps, what is the test error?',
    choices: ['about the same as one stump (more than 80% of its error)', 'lower, but more than half of one stump’s', 'less than half of one stump’s'],
    experiment: 'boosting',
    answer: (r) => {
      const ratio = metric(r, 'boost.test.final') / metric(r, 'stump.test');
      return ratio > 0.8 ? 0 : ratio > 0.5 ? 1 : 2;
    },
    back: 'Less than half: over 30 seeds the boosted sum of stumps erred on 21–30% as many test images as one stump. Each round fits a stump to the rows the ensemble still gets wrong, so the sum draws a boundary out of many pixel tests, which no single stump can: boosting removes bias.',
  },
  {
    id: 'predict-bagged-stumps', kind: 'predict',
    front: 'Instead of boosting, fit 51 stumps, each on its own bootstrap sample of the same 500 training images, and take their majority vote. How does its test error compare with 150 rounds of AdaBoost?',
    choices: ['within 3 points of AdaBoost’s', 'more than 3 points worse than AdaBoost’s'],
    experiment: 'boosting',
    answer: (r) => (metric(r, 'bagStumps.test') - metric(r, 'boost.test.final') <= 0.03 ? 0 : 1),
    back: 'Far worse: the bagged vote stays closer to one stump’s error than to AdaBoost’s, several times the latter. Bootstrap samples are too alike to change much which pixel and threshold a stump picks, so the stumps mostly vote the same way. Bagging removes variance, and a stump’s error is mostly bias; boosting fits each new stump to what the others get wrong.',
  },
];
