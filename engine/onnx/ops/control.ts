// Loop: runs its body graph while the trip count and condition allow, threading loop-carried
// values through and stacking each iteration's scan outputs along a new first dim.

import { Tensor } from '../../tensor/tensor.ts';
import { tensor, scalar } from '../../tensor/creation.ts';
import { stack } from '../../functional/index.ts';
import { defineOnnxOps, type NodeContext, type OnnxValue } from '../registry.ts';

function loop(ctx: NodeContext): OnnxValue[] {
  const body = ctx.attrs.graph('body');
  const maxTrips = ctx.optional(0)?.item();
  const condIn = ctx.optional(1);
  let carried = ctx.inputs.slice(2);
  const scanCount = (body.output?.length ?? 0) - 1 - carried.length;
  if (scanCount < 0) ctx.fail(`the body has ${body.output?.length ?? 0} outputs, fewer than 1 + ${carried.length} loop-carried values`);
  const scans: Tensor[][] = Array.from({ length: scanCount }, () => []);
  let cond = condIn ? condIn.item() !== 0 : true;
  for (let i = 0; (maxTrips === undefined || i < maxTrips) && cond; i++) {
    const out = ctx.runGraph(body, [scalar(i, { dtype: 'int32' }), tensor(cond), ...carried]);
    cond = (out[0] as Tensor).item() !== 0;
    carried = out.slice(1, 1 + carried.length);
    out.slice(1 + carried.length).forEach((v, k) => {
      if (!(v instanceof Tensor)) ctx.fail(`scan output ${k} must be a tensor`);
      scans[k].push(v as Tensor);
    });
  }
  ctx.outputTypes.push(...carried.map(() => undefined));
  return [...carried, ...scans.map((parts) => (parts.length ? stack(parts, 0) : tensor([])))];
}

defineOnnxOps({ Loop: loop });
