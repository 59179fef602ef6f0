// What every loss shares: checking the reduction string and the input/target shapes, and
// reducing the per-element losses ('none' keeps them, 'mean' averages, 'sum' adds).

import type { Tensor } from '../../tensor/tensor.ts';
import { ShapeError, ValueError, fmtShape } from '../../errors.ts';
import { broadcastShapes, sameShape } from '../../tensor/shape.ts';

export type Reduction = 'none' | 'mean' | 'sum';

/** PyTorch's deprecated loss switches, named in the error when passed (checkOptions hints). */
export const LOSS_HINTS = { size_average: 'deprecated in PyTorch, not taken here: write reduction', reduce: 'deprecated in PyTorch, not taken here: write reduction' } as const;

/** Throws a ValueError listing the valid choices when `reduction` is not one of them. */
export function checkReduction<R extends string>(op: string, reduction: string, valid: readonly R[]): R {
  if (!(valid as readonly string[]).includes(reduction)) {
    throw new ValueError(`${op}: reduction must be one of ${valid.map((r) => `'${r}'`).join(', ')}, got '${reduction}'`);
  }
  return reduction as R;
}

export function reduceLoss(op: string, loss: Tensor, reduction: string): Tensor {
  const r = checkReduction(op, reduction, ['none', 'mean', 'sum'] as const);
  return r === 'none' ? loss : r === 'sum' ? loss.sum() : loss.mean();
}

/** Elementwise losses need target.shape == input.shape: silent broadcasting of (N, 1) against (N) is a classic bug. */
export function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(`${op}: target shape ${fmtShape(target.shape)} does not match input shape ${fmtShape(input.shape)}`);
  }
}

/** A per-element weight must broadcast to the input's shape without growing it. */
export function checkBroadcastsTo(op: string, what: string, t: Tensor, input: Tensor): void {
  let ok = t.ndim <= input.ndim;
  if (ok) {
    try {
      ok = sameShape(broadcastShapes(op, t.shape, input.shape), input.shape);
    } catch {
      ok = false;
    }
  }
  if (!ok) throw new ShapeError(`${op}: ${what} of shape ${fmtShape(t.shape)} cannot be broadcast to input shape ${fmtShape(input.shape)}`);
}
