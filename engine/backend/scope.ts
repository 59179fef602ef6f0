// Lifetimes of storage that lives outside JavaScript's heap (the wasm backend's memory). Garbage
// collection frees such storage eventually, but a FinalizationRegistry only runs between tasks,
// never inside a synchronous training step, so one step could pile up hundreds of megabytes.
// Scopes fix that: storage made while a scope is open is freed when it closes, except what the
// closer says to keep. tidy() (tensor/tidy.ts) is the user-facing form; fit() opens one per step.
// Outside every scope, kernels return plain JS arrays, so code that never opens one behaves as if
// wasm memory did not hold tensors at all.

type Free = () => void;
/** Storage made while a scope was open, with how to free each one. */
export type Scope = Map<object, Free>;

const scopes: Scope[] = [];
const freed = new WeakSet<object>();
/** Storage keep() exempted: no scope frees it, wherever it waits; garbage collection does. */
const pinned = new WeakSet<object>();

/** Records storage made now, with how to free it, in the innermost open scope (if any). */
export function trackStorage(data: object, free: Free): void {
  if (scopes.length) scopes[scopes.length - 1].set(data, free);
}

/** True while a scope is open: only then do wasm kernels put their results in wasm memory. */
export const inScope = (): boolean => scopes.length > 0;

export function openScope(): void {
  scopes.push(new Map());
}

/**
 * Closes the innermost scope: frees every storage it made that `keep` says no to. What is kept
 * moves to `into` if given, else to the enclosing scope (as in TensorFlow.js's tidy), else to
 * garbage collection.
 */
export function closeScope(keep: (data: object) => boolean, into?: Scope): void {
  const scope = scopes.pop();
  if (!scope) throw new Error('closeScope: no scope is open');
  const target = into ?? scopes[scopes.length - 1];
  for (const [data, free] of scope) {
    if (pinned.has(data)) continue;
    if (keep(data)) target?.set(data, free);
    else free();
  }
}

/** Frees the storages of a closed scope's survivors that `keep` no longer wants. */
export function sweep(scope: Scope, keep: (data: object) => boolean): void {
  for (const [data, free] of scope) {
    if (keep(data)) continue;
    scope.delete(data);
    if (!pinned.has(data)) free();
  }
}

/** Hands a scope's survivors to the innermost open scope, or to garbage collection when none is open. */
export function release(scope: Scope): void {
  for (const [data, free] of scope) trackStorage(data, free);
  scope.clear();
}

/** Exempts storage from every scope, open or holding survivors: garbage collection alone frees it. */
export function untrack(data: object): void {
  pinned.add(data);
  for (const scope of scopes) scope.delete(data);
}

export const markFreed = (data: object): void => void freed.add(data);

/** True for storage a scope has freed: its memory may already hold another tensor. */
export const isFreed = (data: object): boolean => freed.has(data);
