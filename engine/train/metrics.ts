// Classification metrics over a batch or a whole split: accuracy, top-k, the confusion matrix, and
// precision/recall/F1 read off it. Plain counting, no gradients.

import type { Tensor } from '../tensor/tensor.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';

/** Class predictions from logits (N, C) — or the labels themselves when already 1-D. */
export function predictions(output: Tensor): Int32Array {
  const preds = output.ndim === 1 ? output : noGrad(() => output.argmax(-1));
  return Int32Array.from(preds.toTypedArray());
}

function labelsOf(op: string, output: Tensor, target: Tensor): [Int32Array, Int32Array] {
  const preds = predictions(output);
  const labels = Int32Array.from(target.toTypedArray());
  if (preds.length !== labels.length) {
    throw new ShapeError(`${op}: ${preds.length} predictions (output ${fmtShape(output.shape)}) but ${labels.length} targets (${fmtShape(target.shape)})`);
  }
  return [preds, labels];
}

/** Fraction of rows whose argmax equals the target class. */
export function accuracy(output: Tensor, target: Tensor): number {
  const [preds, labels] = labelsOf('accuracy', output, target);
  let right = 0;
  for (let i = 0; i < preds.length; i++) if (preds[i] === labels[i]) right++;
  return preds.length ? right / preds.length : NaN;
}

/** Fraction of rows whose target is among the k highest scores (ties counted in the target's favour). */
export function topKAccuracy(output: Tensor, target: Tensor, k: number): number {
  if (output.ndim !== 2) throw new ShapeError(`topKAccuracy: expects logits (N, C), got ${fmtShape(output.shape)}`);
  const [n, c] = output.shape;
  if (!(k >= 1 && k <= c)) throw new ValueError(`topKAccuracy: k must be in 1..${c}, got ${k}`);
  const scores = output.toTypedArray();
  const labels = target.toTypedArray();
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const own = scores[i * c + labels[i]];
    let above = 0;
    for (let j = 0; j < c; j++) if (scores[i * c + j] > own) above++;
    if (above < k) hits++;
  }
  return n ? hits / n : NaN;
}

/** counts[t][p]: how many rows of true class t were predicted as p. */
export function confusionMatrix(output: Tensor, target: Tensor, numClasses: number): number[][] {
  const [preds, labels] = labelsOf('confusionMatrix', output, target);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  preds.forEach((p, i) => {
    const t = labels[i];
    if (t < 0 || t >= numClasses || p < 0 || p >= numClasses) {
      throw new ValueError(`confusionMatrix: class ${t < 0 || t >= numClasses ? t : p} is outside 0..${numClasses - 1}`);
    }
    m[t][p]++;
  });
  return m;
}

export interface ClassReport {
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  macro: { precision: number; recall: number; f1: number };
}

/** Per-class precision (of those predicted c, how many were c), recall (of the true c, how many found) and F1. */
export function precisionRecallF1(confusion: number[][]): ClassReport {
  const c = confusion.length;
  const col = (j: number) => confusion.reduce((s, row) => s + row[j], 0);
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  for (let k = 0; k < c; k++) {
    const tp = confusion[k][k];
    const predicted = col(k);
    const actual = confusion[k].reduce((a, b) => a + b, 0);
    const p = predicted ? tp / predicted : 0;
    const r = actual ? tp / actual : 0;
    precision.push(p);
    recall.push(r);
    f1.push(p + r ? (2 * p * r) / (p + r) : 0);
    support.push(actual);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
  return { precision, recall, f1, support, macro: { precision: mean(precision), recall: mean(recall), f1: mean(f1) } };
}
