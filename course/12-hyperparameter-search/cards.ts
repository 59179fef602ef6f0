// Quiz cards for the lesson: recall cards, and predict-then-run cards graded by the experiment.

import { metric, type Card } from '../kit/index.ts';

export const cards: Card[] = [
  {
    id: 'three-searches', kind: 'recall',
    front: 'How do you find good hyper-parameters? Name the three classic searches and what each does with its trials.',
    back: 'Choose by validation performance, never the test set. Grid search trains every combination of a few values per axis. Random search draws each trial independently from the ranges (log scale for rates and strengths). Bayesian optimization fits a probabilistic surrogate, usually a Gaussian process, to the trials so far and picks the next trial that maximizes an acquisition such as expected improvement. Grid and random are fully parallel; Bayesian optimization is sequential and pays off when each trial is expensive.',
  },
  {
    id: 'why-random-beats-grid', kind: 'recall',
    front: 'Why does random search usually beat grid search at the same number of trials?',
    back: 'Usually only a few hyper-parameters matter much (low effective dimensionality, Bergstra & Bengio 2012). A 3×3 grid tries only 3 values of each axis, repeating each 3 times along axes that may not matter; 9 random trials try up to 9 values of every axis. Here, with weight decay between 10⁻⁶ and 10⁻⁴, the grid’s six extra trials along decay gained 0.02–1.0 points, and random search’s 9 trials beat the grid by 0.12–1.5 points of validation error on each of 30 seeds.',
  },
  {
    id: 'when-grid-holds', kind: 'recall',
    front: 'When does a grid do as well as random search?',
    back: 'When every axis of the grid matters, or its lines happen to sit near the optimum. With weight decay up to 10⁻¹ (so it matters too), the grid and random search tied here (random search −0.40 to +0.69 points ahead over 30 seeds, mean +0.05). A lattice covers a plane evenly while 9 random points clump and leave gaps; random search gains only when some axes barely matter. Quasi-random designs (Sobol, Latin hypercube) get both properties. With two axes that matter, a grid’s cost still grows as kᵈ with the dimension d.',
  },
  {
    id: 'what-is-bo', kind: 'recall',
    front: 'What is Bayesian optimization, in one breath?',
    back: 'A sequential search for the minimum of an expensive black-box function: keep a probabilistic model (a Gaussian process) of the function given the trials so far, with a mean and an uncertainty everywhere; choose the next trial by maximizing an acquisition function (expected improvement) that is large where the predicted value is good or the uncertainty is high; run it, update the model, repeat.',
  },
  {
    id: 'expected-improvement', kind: 'recall',
    front: 'Write expected improvement for minimization and say how it trades exploration against exploitation.',
    back: 'With posterior mean μ(x), std σ(x) and best value so far f*: EI(x) = E[max(f* − f(x), 0)] = (f* − μ)Φ(z) + σφ(z), z = (f* − μ)/σ. The first term rewards a low predicted value (exploitation), the second a large uncertainty (exploration); EI is zero only where σ = 0 and μ ≥ f*. Adding a margin ξ (f* − ξ) pushes it towards exploration.',
  },
  {
    id: 'why-gp', kind: 'recall',
    front: 'Why a Gaussian process as the surrogate, and what are its limits?',
    back: 'It gives a closed-form posterior mean and variance from few points, so the acquisition can weigh uncertainty, and its kernel (here Matérn 5/2, lengthscale chosen by marginal likelihood) encodes smoothness. Fitting costs O(n³) in the number of trials, which is nothing next to training a network, but it struggles beyond about 10–20 dimensions and with categorical or conditional hyper-parameters, where tree-based surrogates (TPE, SMAC) are used.',
  },
  {
    id: 'log-scale', kind: 'recall',
    front: 'Why sample a learning rate on a log scale?',
    back: 'Its effect depends on ratios, not differences: 10⁻⁴ to 10⁻³ changes training as much as 10⁻² to 10⁻¹. Uniform sampling on [10⁻⁴, 1] puts 90% of the draws above 0.1, so the small rates are barely tried. Draw log₁₀ lr uniformly instead; the same holds for weight decay and other strengths spanning decades.',
  },
  {
    id: 'beyond-bo', kind: 'recall',
    front: 'Bayesian optimization picks better trials. What saves even more compute, and how?',
    back: 'Stopping bad trials early. Successive halving starts many configurations on a small budget (few epochs), keeps the best fraction (say a third) and gives them more, repeating until one remains; Hyperband runs several such brackets with different trade-offs between many cheap and few long trials. It assumes early performance ranks configurations roughly as final performance does. BOHB combines it with a model-based sampler.',
  },
  {
    id: 'predict-decay-trials', kind: 'predict',
    front: 'A 3×3 grid tries each of its three learning rates at weight decays 10⁻⁶, 10⁻⁵ and 10⁻⁴. How much lower is its best of those 9 trials than its best of the 3 trials at 10⁻⁵ alone (averaged over where its learning-rate lines fall)?',
    choices: ['less than 2 points', '2 to 5 points', 'more than 5 points'],
    experiment: 'search-race',
    answer: (r) => {
      const gain = 100 * metric(r, 'A.gridGainFromDecay');
      return gain < 2 ? 0 : gain <= 5 ? 1 : 2;
    },
    back: 'Less than 2 points (0.02–1.0 over 30 seeds): weight decay this small barely changes 100 steps of training, so the six extra trials are near-repeats of the three at 10⁻⁵. Nine random trials would have tried about 8 different learning rates instead of 3.',
  },
  {
    id: 'predict-lead-shrinks', kind: 'predict',
    front: 'Random search beats the grid at 9 trials when weight decay only spans 10⁻⁶–10⁻⁴. Widen decay to 10⁻¹, where it matters. Does random search’s lead over the grid grow or shrink?',
    choices: ['it shrinks', 'it grows'],
    experiment: 'search-race',
    answer: (r) => (metric(r, 'leadShrinks') > 0 ? 0 : 1),
    back: 'It shrinks, by 0.42–1.14 points over 30 seeds, to a tie. Random search now sends a third of its draws to harmful decays, while each grid placement keeps two of its three decay lines at 10⁻³ or below; and with both axes mattering, the grid’s even lattice covers the plane as well as random points do.',
  },
];
