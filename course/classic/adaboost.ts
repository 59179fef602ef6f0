// AdaBoost on decision stumps, multi-class by SAMME (Zhu et al., 2009): each round fits a stump to
// the current weights, gives it a vote α = ln((1 − ε)/ε) + ln(K − 1) and multiplies the weights of
// the rows it got wrong by e^α. With K = 2 this is Freund and Schapire's AdaBoost (whose α is half
// of this one: the same votes up to scale, the same weights after normalization).

import { fitStump, sortFeatures, stumpPredict, type Stump } from './decision-stump.ts';
import { checkTable, type LabelledTable, type Table } from './table.ts';

export interface BoostedStump extends Stump {
  alpha: number;
}

export interface AdaBoostModel {
  classes: number;
  d: number;
  rounds: BoostedStump[];
  /** Why fitting stopped before `rounds`, if it did. */
  stoppedEarly?: string;
}

/** Fits up to `rounds` stumps; stops early when a stump is perfect or no better than chance. */
export function fitAdaBoost(t: LabelledTable, rounds: number): AdaBoostModel {
  checkTable('fitAdaBoost', t);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`fitAdaBoost: rounds must be a positive integer, got ${rounds}`);
  const { n, d, classes, x, y } = t;
  const sorted = sortFeatures(t);
  const w = new Float64Array(n).fill(1 / n);
  const model: AdaBoostModel = { classes, d, rounds: [] };
  const chance = 1 - 1 / classes;
  for (let r = 0; r < rounds; r++) {
    const stump = fitStump(t, w, sorted);
    if (stump.error >= chance - 1e-12) {
      model.stoppedEarly = `round ${r + 1}: the best stump's weighted error ${stump.error.toFixed(4)} is no better than chance (${chance.toFixed(4)})`;
      break;
    }
    // A perfect stump would get an infinite vote; cap ε so its vote is large but finite.
    const eps = Math.max(stump.error, 1e-10);
    const alpha = Math.log((1 - eps) / eps) + Math.log(classes - 1);
    model.rounds.push({ ...stump, alpha });
    if (stump.error === 0) {
      model.stoppedEarly = `round ${r + 1}: the stump classifies every training row correctly`;
      break;
    }
    let sum = 0;
    for (let i = 0; i < n; i++) {
      if (stumpPredict(stump, x, d, i) !== y[i]) w[i]! *= Math.exp(alpha);
      sum += w[i]!;
    }
    for (let i = 0; i < n; i++) w[i]! /= sum;
  }
  return model;
}

/** Each row's vote total per class (n × classes), from the first `upTo` rounds (default all). */
export function adaBoostScores(model: AdaBoostModel, t: Table, upTo = model.rounds.length): Float64Array {
  checkTable('adaBoostScores', t);
  if (t.d !== model.d) throw new Error(`adaBoostScores: the model was fitted on ${model.d} features, the table has ${t.d}`);
  const scores = new Float64Array(t.n * model.classes);
  for (const s of model.rounds.slice(0, upTo)) for (let i = 0; i < t.n; i++) scores[i * model.classes + stumpPredict(s, t.x, t.d, i)]! += s.alpha;
  return scores;
}

/** The predicted class of each row: the class with the most votes (lowest index on a tie). */
export function adaBoostPredict(model: AdaBoostModel, t: Table, upTo?: number): Int32Array {
  const scores = adaBoostScores(model, t, upTo);
  const out = new Int32Array(t.n);
  for (let i = 0; i < t.n; i++) {
    let best = 0;
    for (let k = 1; k < model.classes; k++) if (scores[i * model.classes + k]! > scores[i * model.classes + best]!) best = k;
    out[i] = best;
  }
  return out;
}
