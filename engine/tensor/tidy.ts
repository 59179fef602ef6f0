// tidy(fn): run fn, then free the wasm memory of every tensor it made that is not returned or
// reachable from `roots` (a model, an optimizer). fit() runs each training step in one, so memory
// stays flat however long training runs. Tensors that must outlive a scope by other paths (a
// cache in a closure, a list outside the model) are kept with keep(t). Using a freed tensor
// throws a LifetimeError rather than reading whatever took its memory.

import { Tensor } from './tensor.ts';
import { openScope, closeScope, untrack, sweep, release, type Scope } from '../backend/scope.ts';
import { ValueError } from '../errors.ts';

/**
 * The storage of every tensor reachable from `values` through arrays, maps, sets and object
 * properties (a module's parameters, buffers and cached state; an optimizer's moments; a tensor's .grad).
 * `live` is set when a reachable tensor still carries a graph that backward() could walk.
 */
function reachable(values: unknown[]): { storages: Set<object>; live: boolean } {
  const storages = new Set<object>(), seen = new Set<object>(), todo = [...values];
  let live = false;
  while (todo.length) {
    const v = todo.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Tensor) {
      storages.add(v.data);
      if (v.gradFn?.backward) live = true;
      if (v.grad) todo.push(v.grad);
    } else if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
      continue;
    } else if (v instanceof Map) {
      for (const [key, value] of v) todo.push(key, value);
    } else if (v instanceof Set || Array.isArray(v)) {
      for (const item of v) todo.push(item);
    } else {
      for (const key of Object.keys(v)) todo.push((v as Record<string, unknown>)[key]);
    }
  }
  return { storages, live };
}

/**
 * Runs fn (synchronously) and frees the wasm memory of the tensors it made, except those it
 * returns, those reachable from `roots` and those passed to keep(). A result that still carries
 * an autograd graph keeps everything (backward may need any tensor the graph saved), as does an
 * exception. Scopes nest: what an inner one keeps, the outer one may still free.
 */
export function tidy<T>(fn: () => T, roots: readonly unknown[] = []): T {
  openScope();
  let result: T;
  try {
    result = fn();
  } catch (err) {
    closeScope(() => true);
    throw err;
  }
  if (result instanceof Promise) {
    closeScope(() => true);
    throw new ValueError('tidy: fn must be synchronous (it returned a Promise); await outside tidy() and tidy each synchronous step');
  }
  const { storages, live } = reachable([result, ...roots]);
  closeScope(live ? () => true : (data) => storages.has(data));
  return result;
}

/** Exempts a tensor from every open tidy() scope: garbage collection frees it once unreachable. */
export function keep<T extends Tensor>(t: T): T {
  untrack(t.data);
  return t;
}

/**
 * Scopes for a training loop (fit() uses them): each step() frees what it made unless `roots`
 * reach it, and frees what earlier steps left once `roots` stop reaching it (the gradients that
 * zeroGrad() dropped, a replaced cache). Survivors wait in a scope of their own between steps, not
 * on the open-scope stack, so other code running while the loop awaits is never swept by it.
 * close() hands the survivors to the enclosing scope; without it, garbage collection takes them.
 * A step's result is swept like the rest, so have steps return numbers (loss.item()), not tensors.
 */
export function stepScopes(roots: readonly unknown[]): { step<T>(fn: () => T): T; close(): void } {
  const survivors: Scope = new Map();
  return {
    step(fn) {
      openScope();
      try {
        return fn();
      } finally {
        closeScope(() => true, survivors);
        // As in tidy(): while roots hold a graph backward could still walk (a hidden state kept
        // undetached across steps), anything it saved may be needed, so nothing is swept.
        const { storages, live } = reachable([...roots]);
        if (!live) sweep(survivors, (data) => storages.has(data));
      }
    },
    close: () => release(survivors),
  };
}
