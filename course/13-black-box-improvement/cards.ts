// Quiz cards for the lesson: recall cards, and predict-then-run cards graded by the experiment.

import { metric, type Card } from '../kit/index.ts';

export const cards: Card[] = [
  {
    id: 'two-sides', kind: 'recall',
    front: 'You may call a model but not change it. Where can you still improve its results?',
    back: 'On the input side: transform each input towards what the model was trained on (centre, deskew, denoise, resize, normalize), or average its outputs over several transformed copies (test-time augmentation). On the output side: recalibrate the probabilities (temperature scaling fitted on a labelled calibration set), combine it with another model, or add a rule that abstains when confidence is low. None of these touches a weight.',
  },
  {
    id: 'why-centering-works', kind: 'recall',
    front: 'Why does centering by centre of mass repair a frozen MNIST model on shifted digits?',
    back: 'MNIST itself was made by moving each digit’s centre of mass to the centre of the 28×28 field, so the model only ever saw centred digits; an MLP’s weights are tied to pixel positions and a small CNN’s pooling tolerates only a pixel or two. Centering maps the shifted input back onto the training distribution. Here a 4-pixel shift dropped the MLP to about a quarter correct and centering restored it to its clean accuracy.',
  },
  {
    id: 'covariate-vs-label-shift', kind: 'recall',
    front: 'Covariate shift vs label shift: what changes in each, and which did shifted digits show?',
    back: 'Covariate shift: p(x) changes while p(y | x) stays the same (the same digits, drawn moved, turned or noisy). Label shift: p(y) changes while p(x | y) stays the same (more 7s than before); it is corrected by reweighting the classes, with class frequencies estimated from the model’s confusion matrix. Moved and turned digits are covariate shift: the label of an image does not depend on where it sits.',
  },
  {
    id: 'tta-when-hurts', kind: 'recall',
    front: 'What is test-time augmentation, and when does it hurt?',
    back: 'Averaging the model’s probabilities over several transformed copies of the input (shifts, turns, flips). It helps when some copies land closer to the training distribution than the input itself does. It hurts when the copies are farther from it than the input: on clean digits, 9 turned copies up to ±60° cost 1.8–5.3 points, and copies shifted 2–6 px cost the MLP even more because it never saw shifted digits. Choose the set on labelled calibration data of the shift you expect.',
  },
  {
    id: 'temperature-vs-accuracy', kind: 'recall',
    front: 'Temperature scaling on a shifted set: what does it change and what can it not change?',
    back: 'It divides the logits by one number T fitted by minimizing NLL on labelled calibration data. Dividing by T > 0 keeps the order of the logits, so the argmax and the accuracy are exactly unchanged; only confidence moves. On translated digits the fitted T was 4.9–6.5 over 30 seeds; it cut the NLL by 45–51% and the ECE from about 0.45 to 0.02–0.08. A T fitted on clean data does not transfer: calibrate on data from the shifted distribution.',
  },
  {
    id: 'detect-shift', kind: 'recall',
    front: 'How can you notice a distribution shift in production without labels?',
    back: 'Watch statistics of the inputs and of the model’s outputs: the mean prediction entropy or the mean top-class probability drifting from its value on validation data, the predicted class frequencies drifting, or a two-sample test on input features or embeddings. Here the MLP’s mean entropy on translated, rotated or noisy digits was at least 3.6 times its clean value on every one of 30 seeds. A drift alarm says something changed, not how much accuracy was lost.',
  },
  {
    id: 'no-gradients', kind: 'recall',
    front: 'You want to learn an input transform through a model you can only query (no gradients). What can you do?',
    back: 'Estimate gradients from queries: finite differences (2 queries per parameter per step) or random-direction estimates (SPSA, NES), or use a derivative-free search over a few transform parameters (grid, random or Bayesian search, CMA-ES). With a handful of parameters per image, a small grid, as test-time augmentation does, is often enough. Gradient-based search is local either way: started from no change it did not find a 4-pixel shift here.',
  },
  {
    id: 'why-not-finetune', kind: 'recall',
    front: 'Why not simply fine-tune the model on the new data?',
    back: 'Often you cannot: it is behind an API, its weights are not yours (licence, vendor), it is certified or shared by other users, or retraining costs more than you have. And you may have no labels from the new distribution. Input and output fixes need at most a small labelled calibration set. When you can fine-tune and have labels, it usually beats them.',
  },
  {
    id: 'predict-centering', kind: 'predict',
    front: 'A frozen MLP scores about 96% on MNIST. Every test digit is moved 4 pixels in a random direction, then centred again by its centre of mass. What does the MLP score?',
    choices: ['below 50%', '50–90%', 'within 3 points of its clean accuracy'],
    experiment: 'repair-shop',
    answer: (r) => {
      const acc = metric(r, 'mlp.translate.center');
      return Math.abs(acc - metric(r, 'mlp.clean.none')) <= 0.03 ? 2 : acc < 0.5 ? 0 : 1;
    },
    back: 'Back to its clean accuracy: moved digits scored about a quarter, centred ones as well as clean digits. Centering undoes a translation almost exactly, because the centre of mass moves with the digit; only a little ink lost at the border and the blur of resampling remain.',
  },
  {
    id: 'predict-ensemble', kind: 'predict',
    front: 'On translated digits the MLP is right about 25% of the time and the CNN about 43%. Is the average of their probabilities better or worse than the CNN alone?',
    choices: ['better than the CNN', 'worse than the CNN'],
    experiment: 'repair-shop',
    answer: (r) => (metric(r, 'ensemble.translate.none') > metric(r, 'cnn.translate.none') ? 0 : 1),
    back: 'Worse. Averaging helps when the members are about equally good and err on different inputs; here the MLP is confidently wrong on most translated digits, and its votes drag the CNN down. On noisy digits, where the two are close, the average beat both on 29 of 30 seeds.',
  },
];
