// Regression losses on the difference d = input − target: squared (mse), absolute (l1), and the
// two that are quadratic near zero and linear beyond (huber, smoothL1).

import type { Tensor } from '../../tensor/tensor.ts';
import { ValueError } from '../../errors.ts';
import { where } from '../../ops/index.ts';
import { checkSameShape, reduceLoss, LOSS_HINTS, type Reduction } from './reduction.ts';
import { checkOptions } from '../../options.ts';

export interface LossOptions {
  reduction?: Reduction;
}

function diff(op: string, input: Tensor, target: Tensor): Tensor {
  checkSameShape(op, input, target);
  return input.sub(target);
}

/** (input − target)², reduced. */
export function mseLoss(input: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  checkOptions('mseLoss', opts, ['reduction'], LOSS_HINTS);
  const { reduction = 'mean' } = opts;
  const d = diff('mseLoss', input, target);
  return reduceLoss('mseLoss', d.mul(d), reduction);
}

/** |input − target|, reduced. */
export function l1Loss(input: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  checkOptions('l1Loss', opts, ['reduction'], LOSS_HINTS);
  const { reduction = 'mean' } = opts;
  return reduceLoss('l1Loss', diff('l1Loss', input, target).abs(), reduction);
}

/** ½d² where |d| < delta, else delta·(|d| − ½delta): the two pieces meet with equal slope. */
export function huberLoss(input: Tensor, target: Tensor, opts: LossOptions & { delta?: number } = {}): Tensor {
  checkOptions('huberLoss', opts, ['delta', 'reduction'], LOSS_HINTS);
  const { delta = 1, reduction = 'mean' } = opts;
  if (!(delta > 0)) throw new ValueError(`huberLoss: delta must be positive, got ${delta}`);
  const d = diff('huberLoss', input, target);
  const a = d.abs();
  return reduceLoss('huberLoss', where(a.lt(delta), d.mul(d).mul(0.5), a.sub(0.5 * delta).mul(delta)), reduction);
}

/** ½d²/beta where |d| < beta, else |d| − ½beta (huberLoss/beta); beta = 0 is l1Loss. */
export function smoothL1Loss(input: Tensor, target: Tensor, opts: LossOptions & { beta?: number } = {}): Tensor {
  checkOptions('smoothL1Loss', opts, ['beta', 'reduction'], LOSS_HINTS);
  const { beta = 1, reduction = 'mean' } = opts;
  if (!(beta >= 0)) throw new ValueError(`smoothL1Loss: beta must be non-negative, got ${beta}`);
  const d = diff('smoothL1Loss', input, target);
  const a = d.abs();
  if (beta === 0) return reduceLoss('smoothL1Loss', a, reduction);
  return reduceLoss('smoothL1Loss', where(a.lt(beta), d.mul(d).mul(0.5 / beta), a.sub(0.5 * beta)), reduction);
}
