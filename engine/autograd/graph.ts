// Graph inspection for visualizers and learners: from an output, every tensor it was computed
// from, in order (inputs first), with its op, shapes, values and gradients.

import type { Tensor } from '../tensor/tensor.ts';

export interface GraphNode {
  id: number;
  /** The op that produced it, or 'leaf' for tensors the user made (parameters, data, constants). */
  op: string;
  inputs: number[];
  shape: number[];
  dtype: string;
  requiresGrad: boolean;
  attrs: unknown;
  tensor: Tensor;
  /** Shortcuts for display: values and gradient (null when none) as nested arrays. */
  value: () => unknown;
  grad: () => unknown;
}

export function inspectGraph(output: Tensor): GraphNode[] {
  const nodes: GraphNode[] = [];
  const seen = new Set<Tensor>();
  const stack: Array<[Tensor, boolean]> = [[output, false]];
  while (stack.length) {
    const [t, ready] = stack.pop()!;
    if (ready) {
      nodes.push({
        id: t.id,
        op: t.gradFn?.name ?? 'leaf',
        inputs: (t.gradFn?.inputs ?? []).map((x) => x.id),
        shape: [...t.shape],
        dtype: t.dtype,
        requiresGrad: t.requiresGrad,
        attrs: t.gradFn?.attrs,
        tensor: t,
        value: () => t.toArray(),
        grad: () => t.grad?.toArray() ?? null,
      });
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push([t, true]);
    for (const x of t.gradFn?.inputs ?? []) if (!seen.has(x)) stack.push([x, false]);
  }
  return nodes;
}
