// backward(): walks the graph from an output to the leaves without recursion, un-broadcasts each
// gradient to its input's shape (the only place that happens), checks the shape, and accumulates.

import { Tensor } from '../tensor/tensor.ts';
import { onesLike, zerosLike } from '../tensor/creation.ts';
import { sameShape } from '../tensor/shape.ts';
import { AutogradError, ShapeError, fmtShape } from '../errors.ts';
import { isAnomalyEnabled, noGrad, enableGrad } from './grad-mode.ts';
import { assertFinite, inBackwardPass } from './anomaly.ts';
import { checkOptions } from '../options.ts';

export interface BackwardOptions {
  /** Keep the graph so backward can run through it again (gradients then accumulate). Defaults to createGraph, as in PyTorch. */
  retainGraph?: boolean;
  /** Record the backward pass itself, for gradients of gradients. */
  createGraph?: boolean;
}

/** Tensors that have a grad node, outputs before the inputs they depend on (reverse post-order). */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: Array<[Tensor, boolean]> = [[root, false]];
  while (stack.length) {
    const [t, inputsDone] = stack.pop()!;
    if (inputsDone) {
      order.push(t);
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push([t, true]);
    for (const input of t.gradFn?.inputs ?? []) if (input.gradFn && !seen.has(input)) stack.push([input, false]);
  }
  return order.reverse();
}

/** Sums a gradient down to the shape of the input it belongs to (undoing broadcasting), then checks it. */
function fitGradient(g: Tensor, input: Tensor, op: string): Tensor {
  if (!sameShape(g.shape, input.shape)) g = g.sumToSize(input.shape);
  if (!sameShape(g.shape, input.shape)) {
    throw new ShapeError(`backward of '${op}': gradient has shape ${fmtShape(g.shape)} but its input has shape ${fmtShape(input.shape)}`);
  }
  return g.dtype === input.dtype ? g : g.to(input.dtype);
}

const accumulate = (old: Tensor | null, g: Tensor): Tensor => (old ? old.add(g) : g);

/** backward(root), backward(root, grad), backward(root, grad, {retainGraph, createGraph}), or backward(root, {…}) as PyTorch's keywords. */
export function backward(root: Tensor, grad?: Tensor | BackwardOptions, opts: BackwardOptions = {}): void {
  if (grad != null && !(grad instanceof Tensor)) [grad, opts] = [undefined, grad];
  checkOptions('backward', opts, ['retainGraph', 'createGraph'], { inputs: 'inputs is not an option: use grad(output, inputs)' });
  runBackward(root, grad ?? undefined, opts);
}

/**
 * The walk itself. With `wanted`, gradients go into that map (for grad()) instead of into .grad,
 * and no leaf is touched.
 */
function runBackward(root: Tensor, grad: Tensor | undefined, opts: BackwardOptions, wanted?: Map<Tensor, Tensor | null>): void {
  if (!root.requiresGrad) {
    throw new AutogradError('backward: the tensor does not require grad and has no grad_fn (did you forget requiresGrad: true, or call it inside noGrad?)');
  }
  if (!grad) {
    if (root.numel() !== 1) {
      throw new AutogradError(`backward: a gradient can be created implicitly only for one-element outputs; this output has shape ${fmtShape(root.shape)}, so pass backward(grad)`);
    }
    grad = onesLike(root);
  } else if (!sameShape(grad.shape, root.shape)) {
    throw new ShapeError(`backward: grad has shape ${fmtShape(grad.shape)} but the output has shape ${fmtShape(root.shape)}`);
  }
  const run = opts.createGraph ? enableGrad : noGrad;
  run(() => inBackwardPass(() => {
    const deliver = (t: Tensor, g: Tensor): void => {
      if (wanted) {
        if (wanted.has(t)) wanted.set(t, accumulate(wanted.get(t) ?? null, g));
      } else if (t.isLeaf || t.retainsGrad) t.grad = accumulate(t.grad, g);
    };
    if (!root.gradFn) {
      deliver(root, grad!);
      return;
    }
    const pending = new Map<Tensor, Tensor>([[root, grad!]]);
    for (const t of topologicalOrder(root)) {
      const dy = pending.get(t);
      if (!dy) continue;
      pending.delete(t);
      deliver(t, dy);
      const node = t.gradFn!;
      if (!node.backward) {
        throw new AutogradError(
          `backward: trying to backward through the graph a second time: the graph of '${node.name}' was freed by the first backward(); pass {retainGraph: true} to the first call if you need to`,
        );
      }
      const thunks = node.backward(dy);
      node.inputs.forEach((input, i) => {
        const thunk = thunks[i];
        if (!input.requiresGrad || !thunk) return;
        const g = fitGradient(thunk(), input, node.name);
        if (isAnomalyEnabled()) assertFinite(g, `the backward of '${node.name}' (gradient for input ${i})`);
        if (input.gradFn) pending.set(input, accumulate(pending.get(input) ?? null, g));
        else deliver(input, g);
      });
      // A recorded backward pass (createGraph) refers back into this graph, so it must survive.
      if (!(opts.retainGraph ?? opts.createGraph)) node.backward = null;
    }
  }));
}

/** torch.autograd.grad: gradients of `output` with respect to `inputs`, returned instead of stored in .grad. */
export function grad(output: Tensor, inputs: Tensor[], opts: BackwardOptions & { gradOutput?: Tensor } = {}): Tensor[] {
  checkOptions('grad', opts, ['retainGraph', 'createGraph', 'gradOutput'], {
    gradOutputs: 'write gradOutput', allowUnused: 'not an option: an input the output does not depend on gets zeros',
  });
  const wanted = new Map<Tensor, Tensor | null>(inputs.map((t) => [t, null]));
  runBackward(output, opts.gradOutput, opts, wanted);
  return inputs.map((t) => wanted.get(t) ?? zerosLike(t));
}

Tensor.prototype.backward = function (this: Tensor, g?: Tensor | BackwardOptions, opts?: BackwardOptions) {
  backward(this, g, opts);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    /** Fills .grad of every leaf this tensor depends on (see autograd/backward.ts). */
    backward(grad?: Tensor, opts?: BackwardOptions): void;
    /** loss.backward({retainGraph: true}), as PyTorch's keyword form. */
    backward(opts: BackwardOptions): void;
  }
}
